"""Async resource groups of :class:`~cloudflarefs.vectorize.management.aio.VectorizeClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``vectorize``
overlay); here vectors become checked ndjson batches and query/ids/metadata-index bodies are
built. It is the one hand-written copy: the sync module is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Unpack

import cloudflarefs.vectorize.management._generated.aio as _gen
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.vectorize.management._generated.models import (
    CreateIndexResponse,
    CreateMetadataIndexRequestIndexType,
    IndexDeleteVectorsByIdResponse,
    IndexesInsertUnparsableBehavior,
    IndexGetVectorsByIdResponseItem,
    IndexInsertResponse,
    IndexMetricInput,
    IndexPresetInput,
    IndexQueryResponse,
    IndexQueryV2Response,
    ListMetadataIndexResponseMetadataIndexesItem,
)
from cloudflarefs.vectorize.management._inputs import (
    VectorMutation,
    create_index_body,
    delete_ids_body,
    get_ids_body,
    metadata_index_body,
    metadata_index_delete_body,
    query_body,
)
from cloudflarefs.vectorize.management._results import merge_v1_inserts, mutation
from cloudflarefs.vectorize.management._vectors import VectorInput, encode_batches

__all__ = ["VectorizeIndexes", "VectorizeIndexesV1", "VectorizeMetadataIndexes"]

Behavior = IndexesInsertUnparsableBehavior | str | None


def _behavior(value: Behavior) -> IndexesInsertUnparsableBehavior | None:
    return IndexesInsertUnparsableBehavior(value) if value is not None else None


class VectorizeIndexes(_gen.VectorizeIndexes):
    """Vectorize (v2) indexes and their vectors (``vectorize.indexes``)."""

    async def create(
        self,
        name: str,
        *,
        dimensions: int | None = None,
        metric: IndexMetricInput | str | None = None,
        preset: IndexPresetInput | str | None = None,
        description: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CreateIndexResponse:
        """Create an index from ``dimensions`` and ``metric``, or from an embedding ``preset``."""
        body = create_index_body(
            name, dimensions=dimensions, metric=metric, preset=preset, description=description
        )
        return await self._create(body=body, account_id=account_id, **options)

    async def insert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        unparsable_behavior: Behavior = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> VectorMutation:
        """Insert vectors (ids already present are left unchanged), sent as ndjson.

        ``vectors`` are :class:`Vector` values or dicts ``{"id", "values", "metadata",
        "namespace"}``; all are checked (same dimensions, id and metadata limits) before the
        first request, and batches over 5,000 vectors or 100 MB are split.
        """
        require_non_empty("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            await self._insert(
                index_name,
                content=batch,
                unparsable_behavior=_behavior(unparsable_behavior),
                account_id=account_id,
                **options,
            )
            for batch in batches
        ]
        return mutation(results, batches.vector_count)

    async def upsert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        unparsable_behavior: Behavior = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> VectorMutation:
        """Insert or replace vectors, sent as ndjson (same input and checks as :meth:`insert`)."""
        require_non_empty("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            await self._upsert(
                index_name,
                content=batch,
                unparsable_behavior=_behavior(unparsable_behavior),
                account_id=account_id,
                **options,
            )
            for batch in batches
        ]
        return mutation(results, batches.vector_count)

    async def query(
        self,
        index_name: str,
        vector: Sequence[float],
        *,
        top_k: int | None = None,
        return_values: bool | None = None,
        return_metadata: bool | None = None,
        filter: Mapping[str, Any] | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> IndexQueryV2Response:
        """The ``top_k`` nearest vectors, optionally filtered by metadata."""
        require_non_empty("index_name", index_name)
        body = query_body(
            vector,
            top_k=top_k,
            return_values=return_values,
            return_metadata=return_metadata,
            filter=filter,
        )
        return await self._query(index_name, body=body, account_id=account_id, **options)

    async def get_by_ids(
        self,
        index_name: str,
        ids: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[IndexGetVectorsByIdResponseItem]:
        """The vectors with these ids (missing ids are left out)."""
        require_non_empty("index_name", index_name)
        return await self._get_by_ids(
            index_name, body=get_ids_body(ids), account_id=account_id, **options
        )

    async def delete_by_ids(
        self,
        index_name: str,
        ids: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> VectorMutation:
        """Delete the vectors with these ids."""
        require_non_empty("index_name", index_name)
        body = delete_ids_body(ids)
        result = await self._delete_by_ids(index_name, body=body, account_id=account_id, **options)
        return mutation([result], len(body.ids or ()))


class VectorizeMetadataIndexes(_gen.VectorizeMetadataIndex):
    """Metadata indexes that make metadata filterable (``vectorize.metadata_indexes``)."""

    async def create(
        self,
        index_name: str,
        property_name: str,
        index_type: CreateMetadataIndexRequestIndexType | str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> VectorMutation:
        """Index the metadata property ``property_name`` as ``string``/``number``/``boolean``."""
        require_non_empty("index_name", index_name)
        body = metadata_index_body(property_name, index_type)
        return mutation(
            [await self._create(index_name, body=body, account_id=account_id, **options)], 0
        )

    async def delete(
        self,
        index_name: str,
        property_name: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> VectorMutation:
        """Stop indexing the metadata property ``property_name``."""
        require_non_empty("index_name", index_name)
        body = metadata_index_delete_body(property_name)
        return mutation(
            [await self._delete(index_name, body=body, account_id=account_id, **options)], 0
        )

    async def list(
        self, index_name: str, *, account_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[ListMetadataIndexResponseMetadataIndexesItem]:
        """The index's metadata indexes."""
        response = await self._list(
            require_non_empty("index_name", index_name), account_id=account_id, **options
        )
        return response.metadata_indexes or []


class VectorizeIndexesV1(_gen.VectorizeIndexesV1):
    """Vectorize v1 (beta) indexes (``vectorize.indexes_v1``).

    .. deprecated:: Cloudflare deprecated the v1 index API (``/vectorize/indexes``): use the v2
       API (``vectorize.indexes``) instead.
    """

    async def create(
        self,
        name: str,
        *,
        dimensions: int | None = None,
        metric: IndexMetricInput | str | None = None,
        preset: IndexPresetInput | str | None = None,
        description: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CreateIndexResponse:
        """Create a v1 index (same arguments as ``indexes.create``).

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        body = create_index_body(
            name, dimensions=dimensions, metric=metric, preset=preset, description=description
        )
        return await self._create(body=body, account_id=account_id, **options)

    async def insert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> IndexInsertResponse:
        """Insert vectors as ndjson (checked and split like ``indexes.insert``).

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        require_non_empty("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            await self._insert(index_name, content=batch, account_id=account_id, **options)
            for batch in batches
        ]
        return merge_v1_inserts(results)

    async def upsert(
        self,
        index_name: str,
        vectors: Iterable[VectorInput],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> IndexInsertResponse:
        """Insert or replace vectors as ndjson.

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        require_non_empty("index_name", index_name)
        batches = encode_batches(vectors)
        results = [
            await self._upsert(index_name, content=batch, account_id=account_id, **options)
            for batch in batches
        ]
        return merge_v1_inserts(results)

    async def query(
        self,
        index_name: str,
        vector: Sequence[float],
        *,
        top_k: int | None = None,
        return_values: bool | None = None,
        return_metadata: bool | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> IndexQueryResponse:
        """The ``top_k`` nearest vectors of a v1 index.

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        require_non_empty("index_name", index_name)
        body = query_body(
            vector,
            top_k=top_k,
            return_values=return_values,
            return_metadata=return_metadata,
            filter=None,
        )
        return await self._query(index_name, body=body, account_id=account_id, **options)

    async def get_by_ids(
        self,
        index_name: str,
        ids: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[IndexGetVectorsByIdResponseItem]:
        """The v1 vectors with these ids.

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        require_non_empty("index_name", index_name)
        return await self._get_by_ids(
            index_name, body=get_ids_body(ids), account_id=account_id, **options
        )

    async def delete_by_ids(
        self,
        index_name: str,
        ids: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> IndexDeleteVectorsByIdResponse:
        """Delete the v1 vectors with these ids.

        .. deprecated:: the v1 index API is deprecated by Cloudflare: use the v2 API
           (``vectorize.indexes``) instead.
        """
        require_non_empty("index_name", index_name)
        return await self._delete_by_ids(
            index_name, body=delete_ids_body(ids), account_id=account_id
        )
