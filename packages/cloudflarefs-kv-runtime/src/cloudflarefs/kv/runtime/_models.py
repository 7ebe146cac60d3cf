"""KV results as frozen attrs classes, structured from plain Python values (pure)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from cloudflarefs.core import ResponseDecodeError

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class KVKey:
    """One key from :meth:`~cloudflarefs.kv.runtime.KVNamespace.list`."""

    name: str
    """The key."""
    expiration: dt.datetime | None = None
    """When the key expires (UTC), or ``None`` if it does not."""
    metadata: Any = None
    """The metadata stored with the key (parsed JSON), or ``None``."""


@attrs.frozen(kw_only=True)
class KVListResult:
    """One page of keys; pass :attr:`cursor` to the next ``list`` call until
    :attr:`list_complete`."""

    keys: tuple[KVKey, ...]
    """The keys of this page, in lexicographic UTF-8 order."""
    list_complete: bool
    """``True`` on the last page."""
    cursor: str | None = None
    """Where the next page starts (``None`` on the last page)."""
    cache_status: str | None = None
    """The cache status reported by the runtime, when any."""


@attrs.frozen(kw_only=True)
class KVValueWithMetadata(Generic[T]):
    """A value read with its metadata; ``value`` is ``None`` when the key does not exist."""

    value: T | None
    """The value, decoded as requested, or ``None``."""
    metadata: Any = None
    """The metadata stored with the key (parsed JSON), or ``None``."""
    cache_status: str | None = None
    """The cache status reported by the runtime, when any."""


def _opt_str(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ResponseDecodeError(f"KV {name} should be a str, got {type(value).__name__}")
    return value


def key_from_py(data: object) -> KVKey:
    """A :class:`KVKey` from ``{"name", "expiration"?, "metadata"?}``."""
    if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):  # pyright: ignore[reportUnknownMemberType]
        raise ResponseDecodeError(f"KV list entry without a name: {data!r}")
    entry: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    expiration = entry.get("expiration")
    when = None
    if expiration is not None:
        if isinstance(expiration, bool) or not isinstance(expiration, int | float):
            raise ResponseDecodeError(f"KV expiration should be a number, got {expiration!r}")
        when = dt.datetime.fromtimestamp(expiration, tz=dt.UTC)
    return KVKey(name=entry["name"], expiration=when, metadata=entry.get("metadata"))


def list_from_py(data: object) -> KVListResult:
    """A :class:`KVListResult` from the JS list result converted to Python."""
    if not isinstance(data, Mapping) or not isinstance(data.get("keys"), list):  # pyright: ignore[reportUnknownMemberType]
        raise ResponseDecodeError(f"unexpected KV list result: {data!r}")
    page: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    complete = bool(page.get("list_complete"))
    return KVListResult(
        keys=tuple(key_from_py(k) for k in page["keys"]),
        list_complete=complete,
        cursor=None if complete else _opt_str(page, "cursor") or None,
        cache_status=_opt_str(page, "cacheStatus"),
    )


def with_metadata_from_py(data: object, decode: Any = None) -> KVValueWithMetadata[Any]:
    """A :class:`KVValueWithMetadata` from ``{value, metadata, cacheStatus}`` (``None`` → all
    ``None``); ``decode`` post-processes a non-``None`` value."""
    if data is None:
        return KVValueWithMetadata(value=None)
    if not isinstance(data, Mapping):
        raise ResponseDecodeError(f"unexpected KV getWithMetadata result: {data!r}")
    entry: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    value = entry.get("value")
    if value is not None and decode is not None:
        value = decode(value)
    return KVValueWithMetadata(
        value=value, metadata=entry.get("metadata"), cache_status=_opt_str(entry, "cacheStatus")
    )


def parse_json(text: object, key: str) -> Any:
    """Parse a KV text value as JSON (Python's parser keeps big integers exact)."""
    if not isinstance(text, str):
        raise ResponseDecodeError(f"KV value of {key!r} is {type(text).__name__}, not text")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ResponseDecodeError(f"KV value of {key!r} is not valid JSON: {exc}") from None
