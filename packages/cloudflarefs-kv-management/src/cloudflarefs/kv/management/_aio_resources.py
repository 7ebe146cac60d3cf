"""Async resource groups of :class:`~cloudflarefs.kv.management.aio.KVClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``kv`` overlay);
this module adds only real logic: chunked bulk writes and deletes, bulk get (checked keys,
typed values), and value writes that encode metadata and expiry. It is the one hand-written copy: ``_resources.py`` is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Unpack

import attrs

import cloudflarefs.kv.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import ApiRequest, ApiResponse, RequestOptions, with_options
from cloudflarefs.kv.management._generated import operations
from cloudflarefs.kv.management._generated._transport import AsyncStreamResponse
from cloudflarefs.kv.management._validation import (
    check_expiration,
    check_expiration_ttl,
    check_key,
    check_value,
    encode_metadata,
)

if TYPE_CHECKING:
    # Bulk support is imported by the bulk methods, not with the client (cold start).
    from cloudflarefs.kv.management._bulk import BulkWriteResult, Pairs
    from cloudflarefs.kv.management._bulk_get import BulkGetType, KVBulkEntry

__all__ = ["KVAnalytics", "KVKeys", "KVMetadata", "KVNamespaces", "KVValues"]


class KVAnalytics(_gen.KVAnalytics):
    """Workers KV request and stored-data analytics (``kv.analytics``)."""


class KVKeys(_gen.KVKeys):
    """Keys of a namespace (``kv.keys.list(namespace_id)``)."""


class KVMetadata(_gen.KVMetadata):
    """The metadata stored with a key (``kv.metadata.get(namespace_id, key)``)."""


class KVNamespaces(_gen.KVNamespaces):
    """Namespaces: list, get, create, rename, delete, bulk get, and chunked bulk writes/deletes."""

    async def bulk_write(
        self,
        namespace_id: str,
        pairs: Pairs,
        *,
        max_concurrency: int = 1,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """Write many pairs, split into requests of at most 10,000 pairs and 100 MB.

        ``pairs`` is a mapping, a list of :class:`KVPair`, or any iterable of them: chunks
        are built as they are sent, so a generator larger than memory works. A mapping or
        list is validated whole before the first request; a one-shot iterator chunk by
        chunk. ``max_concurrency`` requests may be in flight at once (default 1: in order).
        The result lists each chunk's outcome in input order. When a chunk fails, no further
        chunk is started and :class:`~cloudflarefs.core.bulk.BulkOperationError` says which
        chunks were written and from which pair on nothing was sent.
        """
        from cloudflarefs.core.bulk import arun_chunks
        from cloudflarefs.kv.management._bulk import merge_results, write_chunks

        request = self._bulk_request(
            operations.build_namespaces_bulk_write, namespace_id, account_id, options
        )
        chunks = write_chunks(pairs)
        return merge_results(
            await arun_chunks(
                lambda items: self._send_bulk(
                    request, items, operations.parse_namespaces_bulk_write
                ),
                chunks,
                max_concurrency=max_concurrency,
            )
        )

    async def bulk_delete(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        max_concurrency: int = 1,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """Delete many keys, 10,000 per request (``POST .../bulk/delete``).

        Chunked, validated and reported like :meth:`bulk_write`.
        """
        from cloudflarefs.core.bulk import arun_chunks
        from cloudflarefs.kv.management._bulk import key_chunks, merge_results

        request = self._bulk_request(
            operations.build_namespaces_bulk_delete, namespace_id, account_id, options
        )
        return merge_results(
            await arun_chunks(
                lambda keys: self._send_bulk(
                    request, keys, operations.parse_namespaces_bulk_delete
                ),
                key_chunks(keys),
                max_concurrency=max_concurrency,
            )
        )

    async def bulk_get(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        type: BulkGetType = "text",
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> dict[str, Any]:
        """The values of 1-100 keys in one request; an absent key maps to ``None``.

        ``type="text"`` returns strings; ``type="json"`` parses stored JSON values. Binary
        values are not supported by this endpoint (use :meth:`KVValues.get`).
        """
        require_non_empty("namespace_id", namespace_id)
        from cloudflarefs.kv.management._bulk_get import bulk_get_body, values

        body = bulk_get_body(keys, type, with_metadata=False)
        return values(
            await self._bulk_get(namespace_id, body=body, account_id=account_id, **options)
        )

    async def bulk_get_with_metadata(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        type: BulkGetType = "text",
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> dict[str, KVBulkEntry | None]:
        """Like :meth:`bulk_get`, with each key's metadata and expiration (``withMetadata``)."""
        require_non_empty("namespace_id", namespace_id)
        from cloudflarefs.kv.management._bulk_get import bulk_get_body, entries

        body = bulk_get_body(keys, type, with_metadata=True)
        return entries(
            await self._bulk_get(namespace_id, body=body, account_id=account_id, **options)
        )

    async def bulk_delete_legacy(
        self,
        namespace_id: str,
        keys: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BulkWriteResult:
        """The ``DELETE .../bulk`` form of :meth:`bulk_delete` (same chunking).

        .. deprecated:: Cloudflare replaced ``DELETE .../bulk`` with ``POST .../bulk/delete``:
           use :meth:`bulk_delete` instead.
        """
        from cloudflarefs.core.bulk import arun_chunks
        from cloudflarefs.kv.management._bulk import key_chunks, merge_results

        request = self._bulk_request(
            operations.build_namespaces_bulk_delete_legacy, namespace_id, account_id, options
        )
        return merge_results(
            await arun_chunks(
                lambda keys: self._send_bulk(
                    request, keys, operations.parse_namespaces_bulk_delete_legacy
                ),
                key_chunks(keys),
            )
        )

    def _bulk_request(
        self,
        build: Callable[..., ApiRequest],
        namespace_id: str,
        account_id: str | None,
        options: RequestOptions,
    ) -> ApiRequest:
        """The request every chunk shares, with an empty body (each chunk sets its own)."""
        require_non_empty("namespace_id", namespace_id)
        return with_options(
            build(
                account_id=self._http.resolve_account_id(account_id),
                namespace_id=namespace_id,
                body=(),
            ),
            options,
        )

    async def _send_bulk(
        self, request: ApiRequest, body: bytes, parse: Callable[[ApiResponse], Any]
    ) -> Any:
        # The chunk is already its encoded JSON body (serialized once, which also measured
        # it): no models and no unstructuring per item.
        headers = {**request.headers, "Content-Type": "application/json"}
        chunk = attrs.evolve(request, json=None, content=body, headers=headers)
        return parse(await self._http.send(chunk))


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
