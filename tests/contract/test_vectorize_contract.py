"""Vectorize contract: every operation of specs/vectorize.json, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests (including the
ndjson vector bodies) conform, and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.vectorize.management import (
    Index,
    IndexDeleteVectorsByIdResponse,
    IndexGetVectorsByIdResponseItem,
    IndexInfoResponse,
    IndexInsertResponse,
    IndexQueryResponse,
    IndexQueryV2Response,
    ListMetadataIndexResponseMetadataIndexesItem,
    Vector,
    VectorListItem,
    VectorMutation,
)

INDEX = "example-index"
VECTORS: list[Any] = [
    Vector(id="a", values=[0.1, 0.2, 0.3], metadata={"url": "/a"}, namespace="docs"),
    {"id": "b", "values": [0.3, 0.2, 0.1]},
]


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("vectorize", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("vectorize", "async")


def test_indexes_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as vz:
        listed = vz.indexes.list().to_list()
        created = vz.indexes.create(INDEX, dimensions=768, metric="cosine", description="d")
        preset = vz.indexes.create(INDEX, preset="@cf/baai/bge-small-en-v1.5")
        fetched = vz.indexes.get(INDEX)
        info = vz.indexes.info(INDEX)
        assert vz.indexes.delete(INDEX) is None
    assert listed and all(isinstance(i, Index) for i in listed)
    assert all(isinstance(i, Index) for i in (created, preset, fetched))
    assert isinstance(info, IndexInfoResponse)


async def test_indexes_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as vz:
        listed = await vz.indexes.list().to_list()
        created = await vz.indexes.create(INDEX, dimensions=3, metric="euclidean")
        fetched = await vz.indexes.get(INDEX)
        info = await vz.indexes.info(INDEX)
        assert await vz.indexes.delete(INDEX) is None
    assert listed and all(isinstance(i, Index) for i in listed)
    assert isinstance(created, Index) and isinstance(fetched, Index)
    assert isinstance(info, IndexInfoResponse)


def test_vectors_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as vz:
        inserted = vz.indexes.insert(INDEX, VECTORS, unparsable_behavior="error")
        upserted = vz.indexes.upsert(INDEX, VECTORS)
        queried = vz.indexes.query(
            INDEX, [0.1, 0.2, 0.3], top_k=5, return_metadata=True, filter={"url": "/a"}
        )
        fetched = vz.indexes.get_by_ids(INDEX, ["a", "b"])
        deleted = vz.indexes.delete_by_ids(INDEX, ["a"])
    assert isinstance(inserted, VectorMutation) and isinstance(upserted, VectorMutation)
    assert isinstance(queried, IndexQueryV2Response)
    assert all(isinstance(v, IndexGetVectorsByIdResponseItem) for v in fetched)
    assert isinstance(deleted, VectorMutation)


async def test_vectors_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as vz:
        inserted = await vz.indexes.insert(INDEX, VECTORS)
        upserted = await vz.indexes.upsert(INDEX, VECTORS, unparsable_behavior="discard")
        queried = await vz.indexes.query(INDEX, [0.1, 0.2, 0.3], top_k=3)
        fetched = await vz.indexes.get_by_ids(INDEX, ["a"])
        deleted = await vz.indexes.delete_by_ids(INDEX, ["a", "b"])
    assert isinstance(inserted, VectorMutation) and isinstance(upserted, VectorMutation)
    assert isinstance(queried, IndexQueryV2Response)
    assert all(isinstance(v, IndexGetVectorsByIdResponseItem) for v in fetched)
    assert isinstance(deleted, VectorMutation)


def test_metadata_indexes_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as vz:
        created = vz.metadata_indexes.create(INDEX, "url", "string")
        listed = vz.metadata_indexes.list(INDEX)
        via_post = vz.metadata_indexes.list_via_post(INDEX)
        deleted = vz.metadata_indexes.delete(INDEX, "url")
    assert isinstance(created, VectorMutation) and isinstance(deleted, VectorMutation)
    assert listed and all(
        isinstance(m, ListMetadataIndexResponseMetadataIndexesItem) for m in listed
    )
    assert via_post.metadata_indexes == listed


async def test_metadata_indexes_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as vz:
        created = await vz.metadata_indexes.create(INDEX, "n", "number")
        listed = await vz.metadata_indexes.list(INDEX)
        via_post = await vz.metadata_indexes.list_via_post(INDEX)
        deleted = await vz.metadata_indexes.delete(INDEX, "n")
    assert isinstance(created, VectorMutation) and isinstance(deleted, VectorMutation)
    assert via_post.metadata_indexes == listed
    assert all(isinstance(m, ListMetadataIndexResponseMetadataIndexesItem) for m in listed)


def test_v1_indexes_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as vz:
        v1 = vz.indexes_v1
        listed = v1.list().to_list()
        created = v1.create(INDEX, dimensions=3, metric="dot-product")
        fetched = v1.get(INDEX)
        updated = v1.update(INDEX, description="new")
        inserted = v1.insert(INDEX, VECTORS)
        upserted = v1.upsert(INDEX, VECTORS)
        queried = v1.query(INDEX, [0.1, 0.2, 0.3], top_k=2, return_values=True)
        fetched_vectors = v1.get_by_ids(INDEX, ["a"])
        deleted = v1.delete_by_ids(INDEX, ["a"])
        assert v1.delete(INDEX) is None
    assert all(isinstance(i, Index) for i in [*listed, created, fetched, updated])
    assert isinstance(inserted, IndexInsertResponse) and isinstance(upserted, IndexInsertResponse)
    assert isinstance(queried, IndexQueryResponse)
    assert all(isinstance(v, IndexGetVectorsByIdResponseItem) for v in fetched_vectors)
    assert isinstance(deleted, IndexDeleteVectorsByIdResponse)


async def test_v1_indexes_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as vz:
        v1 = vz.indexes_v1
        listed = await v1.list().to_list()
        created = await v1.create(INDEX, preset="@cf/baai/bge-base-en-v1.5")
        fetched = await v1.get(INDEX)
        updated = await v1.update(INDEX, description="new")
        inserted = await v1.insert(INDEX, VECTORS)
        upserted = await v1.upsert(INDEX, VECTORS)
        queried = await v1.query(INDEX, [0.1, 0.2, 0.3])
        fetched_vectors = await v1.get_by_ids(INDEX, ["a"])
        deleted = await v1.delete_by_ids(INDEX, ["a"])
        assert await v1.delete(INDEX) is None
    assert all(isinstance(i, Index) for i in [*listed, created, fetched, updated])
    assert isinstance(inserted, IndexInsertResponse) and isinstance(upserted, IndexInsertResponse)
    assert isinstance(queried, IndexQueryResponse)
    assert all(isinstance(v, IndexGetVectorsByIdResponseItem) for v in fetched_vectors)
    assert isinstance(deleted, IndexDeleteVectorsByIdResponse)


def test_list_vectors_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as vz:
        ids = vz.indexes.list_vectors(INDEX, count=100, max_pages=3).to_list()
    assert ids and all(isinstance(v, VectorListItem) and v.id for v in ids)


async def test_list_vectors_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as vz:
        ids = await vz.indexes.list_vectors(INDEX, max_pages=3).to_list()
    assert ids and all(isinstance(v, VectorListItem) for v in ids)
