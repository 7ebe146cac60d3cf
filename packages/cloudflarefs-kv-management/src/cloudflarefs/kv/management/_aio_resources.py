"""Async resource groups of :class:`~cloudflarefs.kv.management.aio.KVClient`.

They mirror :mod:`cloudflarefs.kv.management._resources` method for method; only the sending
is awaited.
"""

from __future__ import annotations

import builtins
import datetime
import json
from collections.abc import Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.kv.management._bulk import (
    BulkWriteResult,
    Pairs,
    chunk_keys,
    chunk_pairs,
    merge_results,
    to_wire_items,
)
from cloudflarefs.kv.management._generated import aio as _gen
from cloudflarefs.kv.management._generated import operations
from cloudflarefs.kv.management._generated._transport import AsyncHttp, AsyncStreamResponse
from cloudflarefs.kv.management._generated.models import (
    CreateRenameNamespaceBody,
    Key,
    Namespace,
    NamespacesListDirection,
    NamespacesListOrder,
)
from cloudflarefs.kv.management._validation import (
    check_expiration,
    check_expiration_ttl,
    check_key,
    check_list_limit,
    check_value,
    encode_metadata,
    require_id,
)

__all__ = ["KVAnalytics", "KVKeys", "KVMetadata", "KVNamespaces", "KVValues"]


class KVAnalytics(_gen.AsyncKVAnalytics):
    """Workers KV request and stored-data analytics (``kv.analytics``)."""


class KVNamespaces:
    """Namespaces: list, get, create, rename, delete, and chunked bulk writes/deletes."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncKVNamespaces(http)

    def list(
        self,
        *,
        per_page: int | None = None,
        order: NamespacesListOrder | str | None = None,
        direction: NamespacesListDirection | str | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> AsyncPager[Namespace]:
        """Every namespace of the account, fetched page by page (``page``/``per_page``)."""
        return self._gen.list(
            account_id=account_id,
            per_page=per_page,
            order=NamespacesListOrder(order) if order is not None else None,
            direction=NamespacesListDirection(direction) if direction is not None else None,
            max_pages=max_pages,
        )

    async def get(self, namespace_id: str, *, account_id: str | None = None) -> Namespace:
        """One namespace by id."""
        return await self._gen.get(require_id("namespace_id", namespace_id), account_id=account_id)

    async def create(self, title: str, *, account_id: str | None = None) -> Namespace:
        """Create a namespace with a unique ``title``."""
        body = CreateRenameNamespaceBody(title=require_id("title", title))
        return await self._gen.create(body=body, account_id=account_id)

    async def update(self, namespace_id: str, *, title: str, account_id: str | None = None) -> None:
        """Rename a namespace."""
        require_id("namespace_id", namespace_id)
        body = CreateRenameNamespaceBody(title=require_id("title", title))
        await self._gen.update(namespace_id, body=body, account_id=account_id)

    async def delete(self, namespace_id: str, *, account_id: str | None = None) -> None:
        """Delete a namespace and every key in it."""
        await self._gen.delete(require_id("namespace_id", namespace_id), account_id=account_id)

    async def bulk_write(
        self, namespace_id: str, pairs: Pairs, *, account_id: str | None = None
    ) -> BulkWriteResult:
        """Write many pairs, split into requests of at most 10,000 pairs and 100 MB.

        Every pair is validated before the first request is sent; chunks are sent in order
        and a failing chunk raises (earlier chunks stay written).
        """
        require_id("namespace_id", namespace_id)
        items = to_wire_items(pairs)
        results = [
            await self._gen.bulk_update(namespace_id, body=chunk, account_id=account_id)
            for chunk in chunk_pairs(items)
        ]
        return merge_results(results, len(items))

    async def bulk_delete(
        self, namespace_id: str, keys: Iterable[str], *, account_id: str | None = None
    ) -> BulkWriteResult:
        """Delete many keys, 10,000 per request (``POST .../bulk/delete``)."""
        require_id("namespace_id", namespace_id)
        chunks = chunk_keys(keys)
        results = [
            await self._gen.bulk_delete(namespace_id, body=chunk, account_id=account_id)
            for chunk in chunks
        ]
        return merge_results(results, sum(len(c) for c in chunks))

    async def bulk_delete_legacy(
        self, namespace_id: str, keys: Iterable[str], *, account_id: str | None = None
    ) -> BulkWriteResult:
        """Deprecated ``DELETE .../bulk`` form of :meth:`bulk_delete` (same chunking)."""
        require_id("namespace_id", namespace_id)
        chunks = chunk_keys(keys)
        results = [
            await self._gen.bulk_delete_legacy(namespace_id, body=chunk, account_id=account_id)
            for chunk in chunks
        ]
        return merge_results(results, sum(len(c) for c in chunks))


class KVKeys:
    """Keys of a namespace (``kv.keys.list(namespace_id)``)."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncKVKeys(http)

    def list(
        self,
        namespace_id: str,
        *,
        prefix: str | None = None,
        limit: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> AsyncPager[Key]:
        """Every key (name, expiration, metadata), following ``result_info.cursor``.

        ``limit`` is the page size (10 to 1,000), not a cap on the total; use ``max_pages``.
        """
        return self._gen.list(
            require_id("namespace_id", namespace_id),
            prefix=prefix,
            limit=check_list_limit(limit),
            max_pages=max_pages,
            account_id=account_id,
        )


class KVMetadata:
    """The metadata stored with a key (``kv.metadata.get(namespace_id, key)``)."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncKVMetadata(http)

    async def get(
        self, namespace_id: str, key: str, *, account_id: str | None = None
    ) -> builtins.dict[str, Any]:
        """The key's metadata object."""
        require_id("namespace_id", namespace_id)
        return await self._gen.get(namespace_id, check_key(key), account_id=account_id)


class KVValues:
    """Values: read as bytes/text/JSON, write with metadata and expiry, delete."""

    def __init__(self, http: AsyncHttp) -> None:
        self._http = http
        self._gen = _gen.AsyncKVValues(http)

    async def get(self, namespace_id: str, key: str, *, account_id: str | None = None) -> bytes:
        """The value's bytes (raises :class:`~cloudflarefs.core.NotFoundError` if absent)."""
        require_id("namespace_id", namespace_id)
        return await self._gen.get(namespace_id, check_key(key), account_id=account_id)

    def stream(
        self, namespace_id: str, key: str, *, account_id: str | None = None
    ) -> AbstractAsyncContextManager[AsyncStreamResponse]:
        """The value streamed: ``async with ... as r: async for chunk in r.aiter_bytes()``.

        For large values: :meth:`get` buffers, up to the client's ``max_response_size``.
        """
        request = operations.build_values_get(
            account_id=self._http.resolve_account_id(account_id),
            namespace_id=require_id("namespace_id", namespace_id),
            key_name=check_key(key),
        )
        return self._http.stream(request)

    async def get_text(
        self,
        namespace_id: str,
        key: str,
        *,
        encoding: str = "utf-8",
        account_id: str | None = None,
    ) -> str:
        """The value decoded as text."""
        return (await self.get(namespace_id, key, account_id=account_id)).decode(encoding)

    async def get_json(self, namespace_id: str, key: str, *, account_id: str | None = None) -> Any:
        """The value parsed as JSON."""
        return json.loads(await self.get(namespace_id, key, account_id=account_id))

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
    ) -> None:
        """Write a value (multipart ``value`` + ``metadata`` JSON).

        ``expiration`` is an absolute time (epoch seconds or an aware datetime) and
        ``expiration_ttl`` a lifetime of at least 60 seconds; both travel as query parameters.
        """
        require_id("namespace_id", namespace_id)
        await self._gen.update(
            namespace_id,
            check_key(key),
            value=check_value(value),
            metadata=encode_metadata(metadata) if metadata is not None else None,
            expiration=check_expiration(expiration),
            expiration_ttl=check_expiration_ttl(expiration_ttl),
            account_id=account_id,
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
        )

    async def delete(self, namespace_id: str, key: str, *, account_id: str | None = None) -> None:
        """Delete a key (no error if it does not exist)."""
        require_id("namespace_id", namespace_id)
        await self._gen.delete(namespace_id, check_key(key), account_id=account_id)
