"""Sync resource groups of :class:`~cloudflarefs.vectorize.management.VectorizeClient`.

Each group wraps its generated counterpart: vectors become ndjson here, arguments are checked
here, and request building and response parsing stay in ``_generated``.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cloudflarefs.core.pagination import SyncPager
from cloudflarefs.vectorize.management._generated import client as _gen
from cloudflarefs.vectorize.management._generated._transport import SyncHttp
from cloudflarefs.vectorize.management._generated.models import (
    CreateIndexResponse,
    CreateMetadataIndexRequestIndexType,
    IndexDeleteVectorsByIdResponse,
    IndexesInsertUnparsableBehavior,
    IndexGetVectorsByIdResponseItem,
    IndexInfoResponse,
    IndexInsertResponse,
    IndexMetricInput,
    IndexPresetInput,
    IndexQueryResponse,
    IndexQueryV2Response,
    ListMetadataIndexResponseMetadataIndexesItem,
    UpdateIndexRequest,
)
from cloudflarefs.vectorize.management._inputs import (
    VectorMutation,
    create_index_body,
    delete_ids_body,
    get_ids_body,
    metadata_index_body,
    metadata_index_delete_body,
    query_body,
    require_id,
)
from cloudflarefs.vectorize.management._results import merge_v1_inserts, mutation
from cloudflarefs.vectorize.management._vectors import VectorInput, encode_batches

__all__ = ["VectorizeIndexes", "VectorizeIndexesV1", "VectorizeMetadataIndexes"]

Behavior = IndexesInsertUnparsableBehavior | str | None


def _behavior(value: Behavior) -> IndexesInsertUnparsableBehavior | None:
    return IndexesInsertUnparsableBehavior(value) if value is not None else None


class VectorizeIndexes:
    """Vectorize (v2) indexes and their vectors (``vectorize.indexes``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.VectorizeIndexes(http)

    def list(
        self, *, max_pages: int | None = None, account_id: str | None = None
    ) -> SyncPager[CreateIndexResponse]:
        """Every index of the account (one page: the API does not paginate)."""
        return self._gen.list(account_id=account_id, max_pages=max_pages)

    def get(self, index_name: str, *, account_id: str | None = None) -> CreateIndexResponse:
        """One index by name."""
        return self._gen.get(require_id("index_name", index_name), account_id=account_id)

    def create(
        self,
        name: str,
        *,
        dimensions: int | None = None,
        metric: IndexMetricInput | str | None = None,
        preset: IndexPresetInput | str | None = None,
        description: str | None = None,
        account_id: str | None = None,
    ) -> CreateIndexResponse:
        """Create an index from ``dimensions`` and ``metric``, or from an embedding ``preset``."""
        body = create_index_body(
            name, dimensions=dimensions, metric=metric, preset=preset, description=description
        )
        return self._gen.create(body=body, account_id=account_id)

    def delete(self, index_name: str, *, account_id: str | None = None) -> None:
        """Delete an index and its vectors."""
        self._gen.delete(require_id("index_name", index_name), account_id=account_id)

    def info(self, index_name: str, *, account_id: str | None = None) -> IndexInfoResponse:
        """Vector count, dimensions and the last processed mutation."""
        return self._gen.info(require_id("index_name", index_name), account_id=account_id)

    def insert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        unparsable_behavior: Behavior = None,
        account_id: str | None = None,
    ) -> VectorMutation:
        """Insert vectors (ids already present are left unchanged), sent as ndjson.

        ``vectors`` are :class:`Vector` values or dicts ``{"id", "values", "metadata",
        "namespace"}``; all are checked (same dimensions, id and metadata limits) before the
        first request, and batches over 5,000 vectors or 100 MB are split.
        """
        require_id("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            self._gen.insert(
                index_name,
                content=batch,
                unparsable_behavior=_behavior(unparsable_behavior),
                account_id=account_id,
            )
            for batch in batches
        ]
        return mutation(results, sum(b.count(b"\n") for b in batches))

    def upsert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        unparsable_behavior: Behavior = None,
        account_id: str | None = None,
    ) -> VectorMutation:
        """Insert or replace vectors, sent as ndjson (same input and checks as :meth:`insert`)."""
        require_id("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            self._gen.upsert(
                index_name,
                content=batch,
                unparsable_behavior=_behavior(unparsable_behavior),
                account_id=account_id,
            )
            for batch in batches
        ]
        return mutation(results, sum(b.count(b"\n") for b in batches))

    def query(
        self,
        index_name: str,
        vector: Sequence[float],
        *,
        top_k: int | None = None,
        return_values: bool | None = None,
        return_metadata: bool | None = None,
        filter: Mapping[str, Any] | None = None,
        account_id: str | None = None,
    ) -> IndexQueryV2Response:
        """The ``top_k`` nearest vectors, optionally filtered by metadata."""
        require_id("index_name", index_name)
        body = query_body(
            vector,
            top_k=top_k,
            return_values=return_values,
            return_metadata=return_metadata,
            filter=filter,
        )
        return self._gen.query(index_name, body=body, account_id=account_id)

    def get_by_ids(
        self, index_name: str, ids: Iterable[str], *, account_id: str | None = None
    ) -> builtins.list[IndexGetVectorsByIdResponseItem]:
        """The vectors with these ids (missing ids are left out)."""
        require_id("index_name", index_name)
        return self._gen.get_by_ids(index_name, body=get_ids_body(ids), account_id=account_id)

    def delete_by_ids(
        self, index_name: str, ids: Iterable[str], *, account_id: str | None = None
    ) -> VectorMutation:
        """Delete the vectors with these ids."""
        require_id("index_name", index_name)
        body = delete_ids_body(ids)
        result = self._gen.delete_by_ids(index_name, body=body, account_id=account_id)
        return mutation([result], len(body.ids or ()))


class VectorizeMetadataIndexes:
    """Metadata indexes that make metadata filterable (``vectorize.metadata_indexes``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.VectorizeMetadataIndex(http)

    def create(
        self,
        index_name: str,
        property_name: str,
        index_type: CreateMetadataIndexRequestIndexType | str,
        *,
        account_id: str | None = None,
    ) -> VectorMutation:
        """Index the metadata property ``property_name`` as ``string``/``number``/``boolean``."""
        require_id("index_name", index_name)
        body = metadata_index_body(property_name, index_type)
        return mutation([self._gen.create(index_name, body=body, account_id=account_id)], 0)

    def delete(
        self, index_name: str, property_name: str, *, account_id: str | None = None
    ) -> VectorMutation:
        """Stop indexing the metadata property ``property_name``."""
        require_id("index_name", index_name)
        body = metadata_index_delete_body(property_name)
        return mutation([self._gen.delete(index_name, body=body, account_id=account_id)], 0)

    def list(
        self, index_name: str, *, account_id: str | None = None
    ) -> builtins.list[ListMetadataIndexResponseMetadataIndexesItem]:
        """The index's metadata indexes."""
        response = self._gen.list(require_id("index_name", index_name), account_id=account_id)
        return response.metadata_indexes or []


class VectorizeIndexesV1:
    """Deprecated Vectorize v1 (beta) indexes (``vectorize.indexes_v1``); prefer ``indexes``."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.VectorizeIndexesV1(http)

    def list(
        self, *, max_pages: int | None = None, account_id: str | None = None
    ) -> SyncPager[CreateIndexResponse]:
        """Every v1 index of the account."""
        return self._gen.list(account_id=account_id, max_pages=max_pages)

    def get(self, index_name: str, *, account_id: str | None = None) -> CreateIndexResponse:
        """One v1 index by name."""
        return self._gen.get(require_id("index_name", index_name), account_id=account_id)

    def create(
        self,
        name: str,
        *,
        dimensions: int | None = None,
        metric: IndexMetricInput | str | None = None,
        preset: IndexPresetInput | str | None = None,
        description: str | None = None,
        account_id: str | None = None,
    ) -> CreateIndexResponse:
        """Create a v1 index (same arguments as ``indexes.create``)."""
        body = create_index_body(
            name, dimensions=dimensions, metric=metric, preset=preset, description=description
        )
        return self._gen.create(body=body, account_id=account_id)

    def update(
        self, index_name: str, *, description: str, account_id: str | None = None
    ) -> CreateIndexResponse:
        """Change a v1 index's description."""
        require_id("index_name", index_name)
        body = UpdateIndexRequest(description=description)
        return self._gen.update(index_name, body=body, account_id=account_id)

    def delete(self, index_name: str, *, account_id: str | None = None) -> None:
        """Delete a v1 index."""
        self._gen.delete(require_id("index_name", index_name), account_id=account_id)

    def insert(
        self, index_name: str, vectors: Iterable[VectorInput], *, account_id: str | None = None
    ) -> IndexInsertResponse:
        """Insert vectors as ndjson (checked and split like ``indexes.insert``)."""
        require_id("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            self._gen.insert(index_name, content=batch, account_id=account_id) for batch in batches
        ]
        return merge_v1_inserts(results)

    def upsert(
        self, index_name: str, vectors: Iterable[VectorInput], *, account_id: str | None = None
    ) -> IndexInsertResponse:
        """Insert or replace vectors as ndjson."""
        require_id("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            self._gen.upsert(index_name, content=batch, account_id=account_id) for batch in batches
        ]
        return merge_v1_inserts(results)

    def query(
        self,
        index_name: str,
        vector: Sequence[float],
        *,
        top_k: int | None = None,
        return_values: bool | None = None,
        return_metadata: bool | None = None,
        account_id: str | None = None,
    ) -> IndexQueryResponse:
        """The ``top_k`` nearest vectors of a v1 index."""
        require_id("index_name", index_name)
        body = query_body(
            vector,
            top_k=top_k,
            return_values=return_values,
            return_metadata=return_metadata,
            filter=None,
        )
        return self._gen.query(index_name, body=body, account_id=account_id)

    def get_by_ids(
        self, index_name: str, ids: Iterable[str], *, account_id: str | None = None
    ) -> builtins.list[IndexGetVectorsByIdResponseItem]:
        """The v1 vectors with these ids."""
        require_id("index_name", index_name)
        return self._gen.get_by_ids(index_name, body=get_ids_body(ids), account_id=account_id)

    def delete_by_ids(
        self, index_name: str, ids: Iterable[str], *, account_id: str | None = None
    ) -> IndexDeleteVectorsByIdResponse:
        """Delete the v1 vectors with these ids."""
        require_id("index_name", index_name)
        return self._gen.delete_by_ids(index_name, body=delete_ids_body(ids), account_id=account_id)
