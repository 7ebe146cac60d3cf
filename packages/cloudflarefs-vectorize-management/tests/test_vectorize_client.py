"""Behaviour of the Vectorize management client over httpx.MockTransport."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, InvalidInputError, NotFoundError
from cloudflarefs.testing.http import (
    Handler,
    MockClients,
    Recorder,
    envelope,
    failure,
    never,
)
from cloudflarefs.vectorize.management import (
    MAX_BATCH_VECTORS,
    IndexMetricInput,
    Vector,
    VectorizeClient,
    VectorMutation,
)
from cloudflarefs.vectorize.management.aio import VectorizeClient as AsyncVectorizeClient

MakeSync = Callable[[Handler], tuple[VectorizeClient, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncVectorizeClient, Recorder]]


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    """Build a sync client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(VectorizeClient)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    """Build an async client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AsyncVectorizeClient)


INDEX = {
    "name": "docs",
    "description": "",
    "config": {"dimensions": 3, "metric": "cosine"},
    "created_on": "2024-01-01T00:00:00Z",
    "modified_on": "2024-01-01T00:00:00Z",
}


def _ndjson(request: httpx.Request) -> list[dict[str, Any]]:
    assert request.headers["content-type"] == "application/x-ndjson"
    body = request.content.decode("utf-8")
    assert body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def test_upsert_sends_ndjson_from_dicts_and_vectors(sync_client: MakeSync) -> None:
    vz, rec = sync_client(lambda _: envelope({"mutationId": "m-1"}))
    result = vz.indexes.upsert(
        "docs",
        [
            {"id": "a", "values": [1, 0.5, -2], "metadata": {"url": "/a", "n": 1}},
            Vector(id="b", values=(0.0, 0.25, 3.5), namespace="tenant-1"),
        ],
        unparsable_behavior="discard",
    )
    assert result == VectorMutation(mutation_ids=("m-1",), count=2)
    assert result.mutation_id == "m-1"
    request = rec.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/client/v4/accounts/acc/vectorize/v2/indexes/docs/upsert"
    assert request.url.params["unparsable-behavior"] == "discard"
    assert _ndjson(request) == [
        {"id": "a", "values": [1.0, 0.5, -2.0], "metadata": {"url": "/a", "n": 1}},
        {"id": "b", "values": [0.0, 0.25, 3.5], "namespace": "tenant-1"},
    ]


def test_insert_splits_batches_at_the_vector_limit(sync_client: MakeSync) -> None:
    counter = iter(range(100))
    vz, rec = sync_client(lambda _: envelope({"mutationId": f"m-{next(counter)}"}))
    vectors = [{"id": f"v{i}", "values": [float(i), 1.0]} for i in range(MAX_BATCH_VECTORS + 3)]
    result = vz.indexes.insert("docs", vectors)
    assert [len(_ndjson(r)) for r in rec.requests] == [MAX_BATCH_VECTORS, 3]
    assert all(r.url.path.endswith("/indexes/docs/insert") for r in rec.requests)
    assert result.mutation_ids == ("m-0", "m-1")
    assert result.count == MAX_BATCH_VECTORS + 3
    assert _ndjson(rec.requests[1])[0]["id"] == f"v{MAX_BATCH_VECTORS}"


BAD_VECTORS: list[list[Any]] = [
    [],
    [{"id": "a", "values": [1.0, 2.0]}, {"id": "b", "values": [1.0, 2.0, 3.0]}],
    [{"id": "", "values": [1.0]}],
    [{"id": "x" * 65, "values": [1.0]}],
    [{"id": "a", "values": []}],
    [{"id": "a", "values": [1.0, math.nan]}],
    [{"id": "a", "values": [1.0, True]}],
    [{"id": "a", "values": "1,2"}],
    [{"id": "a", "values": [0.0] * 1537}],
    [{"id": "a", "values": [1.0], "metadata": {"blob": "x" * 10_240}}],
    [{"id": "a", "values": [1.0], "metadata": {"a.b": 1}}],
    [{"id": "a", "values": [1.0], "metadata": {"$x": 1}}],
    [{"id": "a", "values": [1.0], "metadata": {"when": object()}}],
    [{"id": "a", "values": [1.0], "namespace": ""}],
    [{"id": "a", "values": [1.0], "vector": [1.0]}],
    ["not a vector"],
]


@pytest.mark.parametrize("vectors", BAD_VECTORS)
def test_bad_vectors_never_reach_the_transport(sync_client: MakeSync, vectors: list[Any]) -> None:
    vz, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        vz.indexes.insert("docs", vectors)
    with pytest.raises(InvalidInputError):
        vz.indexes_v1.upsert("docs", vectors)
    assert rec.requests == []


def test_dimension_mismatch_names_both_vectors(sync_client: MakeSync) -> None:
    vz, _ = sync_client(never)
    with pytest.raises(
        InvalidInputError, match=r"vector #2 \('c'\) has 2 dimensions, vector #0 has 3"
    ):
        vz.indexes.upsert(
            "docs",
            [
                {"id": "a", "values": [1, 2, 3]},
                {"id": "b", "values": [1, 2, 3]},
                {"id": "c", "values": [1, 2]},
            ],
        )


BAD_CALLS: list[Callable[[VectorizeClient], object]] = [
    lambda vz: vz.indexes.get(""),
    lambda vz: vz.indexes.create("Docs", dimensions=3, metric="cosine"),
    lambda vz: vz.indexes.create("docs"),
    lambda vz: vz.indexes.create("docs", dimensions=0, metric="cosine"),
    lambda vz: vz.indexes.create(
        "docs", dimensions=3, metric="cosine", preset="@cf/baai/bge-small-en-v1.5"
    ),
    lambda vz: vz.indexes.query("docs", [1.0, 2.0], top_k=0),
    lambda vz: vz.indexes.query("docs", [1.0, 2.0], top_k=50, return_values=True),
    lambda vz: vz.indexes.query("docs", []),
    lambda vz: vz.indexes.get_by_ids("docs", []),
    lambda vz: vz.indexes.delete_by_ids("docs", "abc"),
    lambda vz: vz.indexes.delete_by_ids("docs", ["a", ""]),
    lambda vz: vz.metadata_indexes.create("docs", "", "string"),
    lambda vz: vz.metadata_indexes.list(""),
    lambda vz: vz.indexes_v1.update("", description="x"),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_arguments_never_reach_the_transport(
    sync_client: MakeSync, call: Callable[[VectorizeClient], object]
) -> None:
    vz, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        call(vz)
    assert rec.requests == []


def test_create_with_dimensions_and_with_preset(sync_client: MakeSync) -> None:
    vz, rec = sync_client(lambda _: envelope(INDEX))
    index = vz.indexes.create("docs", dimensions=3, metric="cosine", description="d")
    assert index.config is not None and index.config.metric == IndexMetricInput.COSINE
    vz.indexes.create("docs", preset="@cf/baai/bge-small-en-v1.5")
    assert rec.json(0) == {
        "name": "docs",
        "config": {"dimensions": 3, "metric": "cosine"},
        "description": "d",
    }
    assert rec.json(1) == {"name": "docs", "config": {"preset": "@cf/baai/bge-small-en-v1.5"}}


def test_query_body_uses_wire_names(sync_client: MakeSync) -> None:
    match = {"id": "a", "score": 0.9, "values": [1.0, 0.0, 0.0], "metadata": {"url": "/a"}}
    vz, rec = sync_client(lambda _: envelope({"count": 1, "matches": [match]}))
    result = vz.indexes.query(
        "docs", [1, 0, 0], top_k=5, return_metadata=True, filter={"url": {"$eq": "/a"}}
    )
    assert result.count == 1 and result.matches is not None
    assert result.matches[0].score == 0.9
    assert rec.json() == {
        "vector": [1.0, 0.0, 0.0],
        "topK": 5,
        "returnMetadata": True,
        "filter": {"url": {"$eq": "/a"}},
    }


def test_ids_and_metadata_index_bodies(sync_client: MakeSync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/get_by_ids"):
            return envelope([{"id": "a", "values": [1.0], "metadata": {}}])
        if path.endswith("/metadata_index/list"):
            return envelope({"metadataIndexes": [{"propertyName": "url", "indexType": "string"}]})
        return envelope({"mutationId": "m-9"})

    vz, rec = sync_client(handler)
    assert [v.id for v in vz.indexes.get_by_ids("docs", ["a", "b"])] == ["a"]
    assert vz.indexes.delete_by_ids("docs", ("a", "b")).count == 2
    assert vz.metadata_indexes.create("docs", "url", "string").mutation_id == "m-9"
    assert vz.metadata_indexes.delete("docs", "url").mutation_id == "m-9"
    listed = vz.metadata_indexes.list("docs")
    assert listed[0].property_name == "url"
    assert rec.requests[-1].method == "GET"  # the current API lists with GET (2024: POST)
    assert [rec.json(i) for i in range(4)] == [
        {"ids": ["a", "b"]},
        {"ids": ["a", "b"]},
        {"propertyName": "url", "indexType": "string"},
        {"propertyName": "url"},
    ]


def test_list_and_info(sync_client: MakeSync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/info"):
            return envelope({"dimensions": 3, "vectorCount": 42, "processedUpToMutation": "m"})
        return envelope([INDEX, {**INDEX, "name": "more"}])

    vz, _ = sync_client(handler)
    assert [i.name for i in vz.indexes.list()] == ["docs", "more"]
    assert vz.indexes.info("docs").vector_count == 42


def test_errors_map_to_typed_exceptions(sync_client: MakeSync) -> None:
    vz, _ = sync_client(lambda _: failure(404, 3000, "vectorize.index.not_found"))
    with pytest.raises(NotFoundError) as info:
        vz.indexes.get("missing")
    assert 3000 in info.value.codes

    vz, _ = sync_client(
        lambda _: httpx.Response(
            200,
            json={
                "success": False,
                "errors": [{"code": 7003, "message": "No route for the URI"}],
                "messages": [],
                "result": None,
            },
        )
    )
    with pytest.raises(APIStatusError, match="No route"):
        vz.indexes.upsert("docs", [{"id": "a", "values": [1.0]}])


def test_v1_insert_merges_batches(sync_client: MakeSync) -> None:
    vz, rec = sync_client(
        lambda r: envelope({"count": len(_ndjson(r)), "ids": [v["id"] for v in _ndjson(r)]})
    )
    result = vz.indexes_v1.insert(
        "old", [{"id": f"v{i}", "values": [1.0]} for i in range(MAX_BATCH_VECTORS + 1)]
    )
    assert result.count == MAX_BATCH_VECTORS + 1
    assert result.ids is not None and result.ids[-1] == f"v{MAX_BATCH_VECTORS}"
    assert rec.requests[0].url.path == "/client/v4/accounts/acc/vectorize/indexes/old/insert"


async def test_async_upsert_query_and_list(async_client: MakeAsync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/upsert"):
            return envelope({"mutationId": "m-2"})
        if request.url.path.endswith("/query"):
            return envelope({"count": 0, "matches": []})
        return envelope([INDEX])

    vz, rec = async_client(handler)
    mutation = await vz.indexes.upsert("docs", [Vector(id="a", values=[1.0, 2.0, 3.0])])
    assert mutation.mutation_ids == ("m-2",)
    assert (await vz.indexes.query("docs", [1.0, 2.0, 3.0])).count == 0
    assert [i.name async for i in vz.indexes.list()] == ["docs"]
    assert _ndjson(rec.requests[0]) == [{"id": "a", "values": [1.0, 2.0, 3.0]}]


async def test_async_bad_input_never_reaches_the_transport(async_client: MakeAsync) -> None:
    vz, rec = async_client(never)
    with pytest.raises(InvalidInputError):
        await vz.indexes.insert(
            "docs", [{"id": "a", "values": [1.0]}, {"id": "b", "values": [1.0, 2.0]}]
        )
    with pytest.raises(InvalidInputError):
        await vz.indexes.delete("")
    assert rec.requests == []
