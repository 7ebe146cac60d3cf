"""``KVNamespace``: a thin typed façade over a Workers KV binding."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from typing import Any, Literal, TypeAlias, overload

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import (
    ByteChunk,
    JsError,
    aiter_bytes,
    from_js,
    invoke_js,
    is_js_exception,
    json_to_js,
    readable_stream,
    to_js,
)
from cloudflarefs.kv.runtime._limits import (
    MAX_VALUE_BYTES,
    BulkType,
    check_bulk_type,
    check_expiration,
    check_key,
    check_keys,
    check_limit,
    check_metadata,
    check_optional_str,
    check_ttl,
    check_value_size,
)
from cloudflarefs.kv.runtime._models import (
    KVKey,
    KVListResult,
    KVValueWithMetadata,
    list_from_py,
    parse_json,
    with_metadata_from_py,
)

ValueType: TypeAlias = Literal["text", "json", "bytes", "stream"]
"""How a single read decodes its value."""
KVPutValue: TypeAlias = str | bytes | bytearray | memoryview | AsyncIterable[ByteChunk]
"""What :meth:`KVNamespace.put` stores: text, bytes, or an async iterable of byte chunks."""

_JS_TYPES = {"text": "text", "json": "text", "bytes": "arrayBuffer", "stream": "stream"}


def _kind(value: object) -> str:
    # Methods below take a ``type`` argument (mirroring the JS API), shadowing the builtin.
    return value.__class__.__name__


def _json_decoder(key: str) -> Callable[[Any], Any]:
    def decode(text: Any) -> Any:
        return parse_json(text, key)

    return decode


class KVNamespace:
    """Typed façade over a KV binding: ``kv = KVNamespace(env.KV)``.

    Every method validates its arguments first (raising
    :class:`~cloudflarefs.core.InvalidInputError`), then calls the binding; JS failures raise
    :class:`~cloudflarefs.core.js.JsError`.
    """

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("KVNamespace needs a KV binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "KVNamespace(<binding>)"

    @property
    def js(self) -> Any:
        """The underlying JS binding (for APIs this façade does not cover)."""
        return self._js

    def _type_arg(self, js_type: str, cache_ttl: int | None) -> Any:
        if cache_ttl is None:
            return js_type
        return to_js({"type": js_type, "cacheTtl": check_ttl(cache_ttl, "cache_ttl")})

    # ---- single reads -------------------------------------------------------------------

    async def get(self, key: str, *, cache_ttl: int | None = None) -> str | None:
        """The value of ``key`` as text, or ``None`` when it does not exist.

        ``cache_ttl`` (seconds, at least 60) sets how long the edge caches the value.
        """
        check_key(key)
        js = self._js
        # The hot path: a bare try costs nothing, unlike entering js_errors() (~3 µs in Pyodide).
        try:
            if cache_ttl is None:
                value = await js.get(key)
            else:
                value = await js.get(key, self._type_arg("text", cache_ttl))
        except Exception as exc:
            if is_js_exception(exc):
                raise JsError.from_js(exc) from exc
            raise
        return value if isinstance(value, str) else None

    async def get_json(self, key: str, *, cache_ttl: int | None = None) -> Any:
        """The value of ``key`` parsed as JSON, or ``None`` when it does not exist.

        Raises :class:`~cloudflarefs.core.ResponseDecodeError` if the value is not JSON.
        """
        text = await self.get(key, cache_ttl=cache_ttl)
        return None if text is None else parse_json(text, key)

    async def get_bytes(self, key: str, *, cache_ttl: int | None = None) -> bytes | None:
        """The value of ``key`` as ``bytes`` (copied), or ``None`` when it does not exist."""
        check_key(key)
        type_arg = self._type_arg("arrayBuffer", cache_ttl)
        value = from_js(await invoke_js(self._js.get, key, type_arg))
        if value is not None and not isinstance(value, bytes):
            raise ResponseDecodeError(f"KV get({key!r}) returned {type(value).__name__}, not bytes")
        return value

    async def get_stream(
        self, key: str, *, cache_ttl: int | None = None
    ) -> AsyncIterator[bytes] | None:
        """The value of ``key`` as an async iterator of ``bytes`` chunks, or ``None``.

        Iterate it once (``async for chunk in stream``); useful for large values.
        """
        check_key(key)
        type_arg = self._type_arg("stream", cache_ttl)
        js_stream = await invoke_js(self._js.get, key, type_arg)
        return None if from_js(js_stream) is None else aiter_bytes(js_stream)

    @overload
    async def get_with_metadata(
        self, key: str, *, type: Literal["text"] = ..., cache_ttl: int | None = None
    ) -> KVValueWithMetadata[str]: ...
    @overload
    async def get_with_metadata(
        self, key: str, *, type: Literal["json"], cache_ttl: int | None = None
    ) -> KVValueWithMetadata[Any]: ...
    @overload
    async def get_with_metadata(
        self, key: str, *, type: Literal["bytes"], cache_ttl: int | None = None
    ) -> KVValueWithMetadata[bytes]: ...
    @overload
    async def get_with_metadata(
        self, key: str, *, type: Literal["stream"], cache_ttl: int | None = None
    ) -> KVValueWithMetadata[AsyncIterator[bytes]]: ...
    async def get_with_metadata(
        self, key: str, *, type: ValueType = "text", cache_ttl: int | None = None
    ) -> KVValueWithMetadata[Any]:
        """The value of ``key`` (decoded per ``type``) with its metadata.

        ``type`` is ``"text"`` (default), ``"json"``, ``"bytes"`` or ``"stream"``. A missing
        key gives ``value=None, metadata=None``.
        """
        check_key(key)
        js_type = _JS_TYPES.get(type)
        if js_type is None:
            raise InvalidInputError(f"type must be one of {', '.join(_JS_TYPES)}, got {type!r}")
        type_arg = self._type_arg(js_type, cache_ttl)
        result = await invoke_js(self._js.getWithMetadata, key, type_arg)
        if type == "stream":
            # Keep the stream a JS object: convert the other fields one by one.
            if from_js(result) is None:
                return KVValueWithMetadata(value=None)
            body = result.value
            data = {
                "value": None if from_js(body) is None else aiter_bytes(body),
                "metadata": from_js(result.metadata),
                "cacheStatus": from_js(result.cacheStatus),
            }
            return with_metadata_from_py(data)
        decode = _json_decoder(key) if type == "json" else None
        return with_metadata_from_py(from_js(result), decode)

    # ---- bulk reads ---------------------------------------------------------------------

    @overload
    async def get_many(
        self, keys: Sequence[str], *, type: Literal["text"] = ..., cache_ttl: int | None = None
    ) -> dict[str, str | None]: ...
    @overload
    async def get_many(
        self, keys: Sequence[str], *, type: Literal["json"], cache_ttl: int | None = None
    ) -> dict[str, Any]: ...
    async def get_many(
        self, keys: Sequence[str], *, type: BulkType = "text", cache_ttl: int | None = None
    ) -> dict[str, Any]:
        """Up to 100 keys in one call: ``{key: value or None}`` (``type`` "text" or "json")."""
        items = check_keys(keys)
        check_bulk_type(type)
        type_arg = self._type_arg("text", cache_ttl)
        js_keys = to_js(items)
        found = from_js(await invoke_js(self._js.get, js_keys, type_arg))
        if not isinstance(found, dict):
            raise ResponseDecodeError(f"KV bulk get returned {_kind(found)}, not a Map")
        values: dict[str, Any] = {k: found.get(k) for k in items}  # pyright: ignore[reportUnknownMemberType]
        if type == "json":
            return {k: None if v is None else parse_json(v, k) for k, v in values.items()}
        return values

    @overload
    async def get_many_with_metadata(
        self, keys: Sequence[str], *, type: Literal["text"] = ..., cache_ttl: int | None = None
    ) -> dict[str, KVValueWithMetadata[str]]: ...
    @overload
    async def get_many_with_metadata(
        self, keys: Sequence[str], *, type: Literal["json"], cache_ttl: int | None = None
    ) -> dict[str, KVValueWithMetadata[Any]]: ...
    async def get_many_with_metadata(
        self, keys: Sequence[str], *, type: BulkType = "text", cache_ttl: int | None = None
    ) -> dict[str, KVValueWithMetadata[Any]]:
        """Up to 100 keys with metadata in one call; a missing key maps to an entry whose
        ``value`` and ``metadata`` are ``None``."""
        items = check_keys(keys)
        check_bulk_type(type)
        type_arg = self._type_arg("text", cache_ttl)
        js_keys = to_js(items)
        found = from_js(await invoke_js(self._js.getWithMetadata, js_keys, type_arg))
        if not isinstance(found, dict):
            raise ResponseDecodeError(f"KV bulk getWithMetadata returned {_kind(found)}, not a Map")
        entries: dict[Any, Any] = found  # pyright: ignore[reportUnknownVariableType]
        out: dict[str, KVValueWithMetadata[Any]] = {}
        for k in items:
            decode = _json_decoder(k) if type == "json" else None
            out[k] = with_metadata_from_py(entries.get(k), decode)
        return out

    # ---- writes -------------------------------------------------------------------------

    async def put(
        self,
        key: str,
        value: KVPutValue,
        *,
        expiration: int | dt.datetime | None = None,
        expiration_ttl: int | None = None,
        metadata: Any = None,
    ) -> None:
        """Store ``value`` (``str``, bytes-like, or an async iterable of byte chunks) at ``key``.

        ``expiration`` is epoch seconds or an aware datetime; ``expiration_ttl`` is seconds from
        now (at least 60); ``metadata`` is any JSON-serializable value up to 1024 bytes.
        """
        check_key(key)
        options: dict[str, Any] | None = None
        if expiration is not None or expiration_ttl is not None or metadata is not None:
            options = {}
            if expiration is not None:
                options["expiration"] = check_expiration(expiration)
            if expiration_ttl is not None:
                options["expirationTtl"] = check_ttl(expiration_ttl, "expiration_ttl")
            if metadata is not None:
                check_metadata(metadata)
                # None nested in metadata stays JSON null (to_js would make it undefined).
                options["metadata"] = json_to_js(metadata)
        js = self._js
        if isinstance(value, str):
            if len(value) > MAX_VALUE_BYTES // 4:  # shorter strings cannot exceed the limit
                check_value_size(value)
            try:
                await (
                    js.put(key, value) if options is None else js.put(key, value, to_js(options))
                )
            except Exception as exc:
                if is_js_exception(exc):
                    raise JsError.from_js(exc) from exc
                raise
            return
        if isinstance(value, bytes | bytearray | memoryview):
            check_value_size(value)
            payload = to_js(value)
            await invoke_js(js.put, key, payload, to_js(options))
            return
        if not isinstance(value, AsyncIterable):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"KV values are str, bytes-like or an async iterable of bytes, got {_kind(value)}"
            )
        with readable_stream(value) as js_stream:
            await invoke_js(js.put, key, js_stream, to_js(options))

    async def delete(self, key: str) -> None:
        """Delete ``key`` (deleting a missing key is not an error)."""
        check_key(key)
        await invoke_js(self._js.delete, key)

    # ---- listing ------------------------------------------------------------------------

    async def list(
        self, *, prefix: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> KVListResult:
        """One page of keys (up to ``limit``, 1..1000, default 1000) starting with ``prefix``.

        Pass the result's :attr:`~KVListResult.cursor` to fetch the next page.
        """
        options: dict[str, Any] = {}
        if (p := check_optional_str(prefix, "prefix")) is not None:
            options["prefix"] = p
        if limit is not None:
            options["limit"] = check_limit(limit)
        if (c := check_optional_str(cursor, "cursor")) is not None:
            if not c:
                raise InvalidInputError("cursor must not be empty (omit it for the first page)")
            options["cursor"] = c
        js_options = to_js(options)
        return list_from_py(from_js(await invoke_js(self._js.list, js_options)))

    async def iter_keys(
        self, *, prefix: str | None = None, page_size: int | None = None
    ) -> AsyncIterator[KVKey]:
        """Every key starting with ``prefix``, fetching pages of ``page_size`` as needed."""
        cursor: str | None = None
        while True:
            page = await self.list(prefix=prefix, limit=page_size, cursor=cursor)
            for key in page.keys:
                yield key
            if page.list_complete or not page.cursor:
                return
            cursor = page.cursor
