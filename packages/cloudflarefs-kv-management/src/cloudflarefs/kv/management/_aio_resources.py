"""Async resource groups of :class:`~cloudflarefs.kv.management.aio.KVClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``kv`` overlay);
this module adds only real logic: chunked bulk writes and deletes, and value writes that encode
metadata and expiry. It is the one hand-written copy: ``_resources.py`` is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, Unpack

import cloudflarefs.kv.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions, with_options
from cloudflarefs.kv.management._bulk import (
    BulkWriteResult,
    Pairs,
    chunk_keys,
    chunk_pairs,
    merge_results,
    to_wire_items,
)
from cloudflarefs.kv.management._generated import operations
from cloudflarefs.kv.management._generated._transport import AsyncStreamResponse
from cloudflarefs.kv.management._validation import (
    check_expiration,
    check_expiration_ttl,
    check_key,
    check_value,
    encode_metadata,
)

__all__ = ["KVAnalytics", "KVKeys", "KVMetadata", "KVNamespaces", "KVValues"]


class KVAnalytics(_gen.KVAnalytics):
    """Workers KV request and stored-data analytics (``kv.analytics``)."""


class KVKeys(_gen.KVKeys):
    """Keys of a namespace (``kv.keys.list(namespace_id)``)."""


class KVMetadata(_gen.KVMetadata):
    """The metadata stored with a key (``kv.metadata.get(namespace_id, key)``)."""


class KVNamespaces(_gen.KVNamespaces):
    """Namespaces: list, get, create, rename, delete, and chunked bulk writes/deletes."""

    async def bulk_write(
        self,
        namespace_id: str,
        pairs: Pairs,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """Write many pairs, split into requests of at most 10,000 pairs and 100 MB.

        Every pair is validated before the first request is sent; chunks are sent in order
        and a failing chunk raises (earlier chunks stay written).
        """
        require_non_empty("namespace_id", namespace_id)
        items = to_wire_items(pairs)
        results = [
            await self._bulk_write(namespace_id, body=chunk, account_id=account_id, **options)
            for chunk in chunk_pairs(items)
        ]
        return merge_results(results, len(items))

    async def bulk_delete(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """Delete many keys, 10,000 per request (``POST .../bulk/delete``)."""
        require_non_empty("namespace_id", namespace_id)
        chunks = chunk_keys(keys)
        results = [
            await self._bulk_delete(namespace_id, body=chunk, account_id=account_id, **options)
            for chunk in chunks
        ]
        return merge_results(results, sum(len(c) for c in chunks))

    async def bulk_delete_legacy(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """Deprecated ``DELETE .../bulk`` form of :meth:`bulk_delete` (same chunking)."""
        require_non_empty("namespace_id", namespace_id)
        chunks = chunk_keys(keys)
        results = [
            await self._bulk_delete_legacy(
                namespace_id, body=chunk, account_id=account_id, **options
            )
            for chunk in chunks
        ]
        return merge_results(results, sum(len(c) for c in chunks))


class KVValues(_gen.KVValues):
    """Values: read as bytes/text/JSON, write with metadata and expiry, delete."""

    async def get_text(
        self,
        namespace_id: str,
        key: str,
        *,
        encoding: str = "utf-8",
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The value decoded as text."""
        return (await self.get(namespace_id, key, account_id=account_id, **options)).decode(
            encoding
        )

    async def get_json(
        self,
        namespace_id: str,
        key: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Any:
        """The value parsed as JSON."""
        return json.loads(await self.get(namespace_id, key, account_id=account_id, **options))

    async def put(
        self,
        namespace_id: str,
        key: str,
        value: bytes | str,
        *,
        metadata: Mapping[str, Any] | None = None,
        expiration: int | datetime.datetime | None = None,
        expiration_ttl: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Write a value (multipart ``value`` + ``metadata`` JSON).

        ``expiration`` is an absolute time (epoch seconds or an aware datetime) and
        ``expiration_ttl`` a lifetime of at least 60 seconds; both travel as query parameters.
        """
        require_non_empty("namespace_id", namespace_id)
        await self._put(
            namespace_id,
            key,
            value=check_value(value),
            metadata=encode_metadata(metadata) if metadata is not None else None,
            expiration=check_expiration(expiration),
            expiration_ttl=check_expiration_ttl(expiration_ttl),
            account_id=account_id,
            **options,
        )

    async def put_json(
        self,
        namespace_id: str,
        key: str,
        value: Any,
        *,
        metadata: Mapping[str, Any] | None = None,
        expiration: int | datetime.datetime | None = None,
        expiration_ttl: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Write ``value`` serialized as JSON (the counterpart of :meth:`get_json`)."""
        try:
            text = json.dumps(value, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"value is not JSON-serializable: {exc}") from None
        await self.put(
            namespace_id,
            key,
            text,
            metadata=metadata,
            expiration=expiration,
            expiration_ttl=expiration_ttl,
            account_id=account_id,
            **options,
        )

    def stream(
        self,
        namespace_id: str,
        key: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AbstractAsyncContextManager[AsyncStreamResponse]:
        """The value streamed: ``async with ... as r: async for chunk in r.aiter_bytes()``.

        For large values: :meth:`get` buffers, up to the client's ``max_response_size``.
        """
        request = operations.build_values_get(
            account_id=self._http.resolve_account_id(account_id),
            namespace_id=require_non_empty("namespace_id", namespace_id),
            key_name=check_key(key),
        )
        return self._http.stream(with_options(request, options))
