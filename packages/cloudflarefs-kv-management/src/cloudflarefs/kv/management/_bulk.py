"""Bulk write/delete: items, their wire form, and chunking to the API's per-request limits.

Pure: the resource groups send each chunk; these functions only decide what goes in it.
Chunks are built lazily, so memory stays bounded however many pairs come in. Inputs that can
be iterated twice (a mapping, a list) are validated whole before the first chunk is built, so
bad input raises before any request; a one-shot iterator is validated chunk by chunk.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring  # C-accelerated; the ensure_ascii=False form
from typing import Any, TypeAlias, cast

import attrs

from cloudflarefs.core.bulk import Chunk, ChunkOutcome
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.kv.management._validation import (
    MAX_KEY_BYTES,
    MAX_VALUE_BYTES,
    check_expiration,
    check_expiration_ttl,
    check_key,
    check_value,
    encode_metadata,
)

__all__ = [
    "MAX_BULK_BYTES",
    "MAX_BULK_ITEMS",
    "BulkWriteResult",
    "KVPair",
    "Pairs",
    "WireItem",
    "key_chunks",
    "merge_results",
    "write_chunks",
]

MAX_BULK_ITEMS = 10_000
"""At most 10,000 pairs (or keys) per bulk request."""
MAX_BULK_BYTES = 100_000_000
"""At most 100 MB of request body per bulk request."""


@attrs.frozen(kw_only=True)
class KVPair:
    """One key-value pair of a bulk write.

    ``bytes`` values are sent base64-encoded (``base64: true``); ``str`` values as they are.
    """

    key: str
    value: bytes | str
    metadata: Mapping[str, Any] | None = None
    expiration: int | datetime.datetime | None = None
    expiration_ttl: int | None = None


Pairs: TypeAlias = Mapping[str, bytes | str] | Iterable[KVPair]
"""What a bulk write takes: ``{key: value}`` or an iterable of :class:`KVPair`."""


@attrs.frozen(kw_only=True)
class BulkWriteResult:
    """The outcome of a (possibly chunked) bulk operation.

    ``successful_key_count`` and ``unsuccessful_keys`` are summed over the chunks when the API
    reports them (newer API versions do; the 2024 API returns an empty result).
    """

    requests: int
    key_count: int
    successful_key_count: int | None = None
    unsuccessful_keys: tuple[str, ...] = ()
    chunks: tuple[ChunkOutcome, ...] = ()
    """Each request's chunk (input positions and parsed result), in input order."""


WireItem: TypeAlias = dict[str, Any]
"""One pair as the bulk API takes it (``{"key": ..., "value": ..., "base64": true, ...}``)."""

_MAX_FAST_KEY_CHARS = MAX_KEY_BYTES // 4
_MAX_FAST_VALUE_CHARS = MAX_VALUE_BYTES // 4
"""Strings this short cannot exceed the byte limits (UTF-8 needs at most 4 bytes a character)."""


def _pairs(pairs: Pairs) -> Iterator[KVPair] | Iterator[tuple[str, bytes | str]]:
    if isinstance(pairs, Mapping):
        return iter(cast(Mapping[str, bytes | str], pairs).items())
    return (p if isinstance(p, KVPair) else _not_a_pair(p) for p in pairs)


def _not_a_pair(item: object) -> KVPair:
    raise InvalidInputError(f"bulk write items must be KVPair, got {type(item).__name__}")


def _check_key(key: Any) -> None:
    if key.__class__ is not str or len(key) > _MAX_FAST_KEY_CHARS or key in ("", ".", ".."):
        check_key(key)


def _check_value(value: Any) -> None:
    if value.__class__ is not str or len(value) > _MAX_FAST_VALUE_CHARS:
        check_value(value)


def _json_len(text: str) -> int:
    quoted: str = encode_basestring(text)
    return len(quoted) if quoted.isascii() else len(quoted.encode("utf-8"))


def _item_size(item: WireItem) -> int:
    return len(
        json.dumps(item, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    )


def _wire(entry: KVPair | tuple[str, bytes | str], checked: bool) -> tuple[WireItem, int]:
    """The wire item and its exact size in the compact JSON body; validates unless ``checked``."""
    if entry.__class__ is tuple:
        key, value = cast(tuple[str, bytes | str], entry)
        if not checked:
            _check_key(key)
            _check_value(value)
        if value.__class__ is str:
            text = cast(str, value)
            # '{"key":' + key + ',"value":' + value + '}'
            return {"key": key, "value": text}, 17 + _json_len(key) + _json_len(text)
        pair = KVPair(key=key, value=value)
    else:
        pair = entry
    if not checked:
        check_key(pair.key)
    data = check_value(pair.value) if not checked or not isinstance(pair.value, str) else b""
    item: WireItem = {"key": pair.key}
    if isinstance(pair.value, str):
        item["value"] = pair.value
    else:
        item["value"] = base64.b64encode(data).decode("ascii")
        item["base64"] = True
    if pair.metadata is not None:
        # Validated (size, JSON-ability) but sent as an object, which the bulk API expects.
        item["metadata"] = json.loads(encode_metadata(pair.metadata))
    expiration = check_expiration(pair.expiration)
    ttl = check_expiration_ttl(pair.expiration_ttl)
    if expiration is not None:
        item["expiration"] = expiration
    if ttl is not None:
        item["expiration_ttl"] = ttl
    return item, _item_size(item)


def _sized(
    items: Iterable[tuple[Any, int]], *, max_items: int, max_bytes: int, what: str
) -> Iterator[Chunk[list[Any]]]:
    """Group ``(item, json_size)`` into chunks within both limits, yielding each when full.

    A chunk is yielded as soon as it holds ``max_items``, so the input is read no further
    ahead than the chunk being sent.
    """
    current: list[Any] = []
    size = 2  # "[]"
    index = start = 0
    for item, item_size in items:
        if item_size + 2 > max_bytes:
            key = item.get("key", "") if isinstance(item, dict) else item
            raise InvalidInputError(
                f"bulk item for key {key!r} is {item_size} bytes serialized, "
                f"over the {max_bytes}-byte request limit"
            )
        extra = item_size + 1 if current else item_size  # "," between items
        if current and size + extra > max_bytes:
            yield Chunk(index, start, len(current), current)
            index, start = index + 1, start + len(current)
            current, size, extra = [], 2, item_size
        current.append(item)
        size += extra
        if len(current) >= max_items:
            yield Chunk(index, start, len(current), current)
            index, start = index + 1, start + len(current)
            current, size = [], 2
    if current:
        yield Chunk(index, start, len(current), current)
    elif index == 0:
        raise InvalidInputError(
            f"a bulk {what} needs at least one {'pair' if what == 'write' else 'key'}"
        )


def _reiterable(values: object) -> bool:
    return isinstance(values, Collection) and not isinstance(values, Iterator)


def write_chunks(
    pairs: Pairs, *, max_items: int = MAX_BULK_ITEMS, max_bytes: int = MAX_BULK_BYTES
) -> Iterator[Chunk[list[WireItem]]]:
    """Chunks of wire items, each within ``max_items`` and ``max_bytes`` of compact JSON.

    A mapping or collection is validated whole now, before anything is built; a one-shot
    iterator is validated as its chunks are built.
    """
    checked = _reiterable(pairs)
    if checked:
        for entry in _pairs(pairs):
            _wire_check(entry)
    items = (_wire(e, checked) for e in _pairs(pairs))
    return _sized(items, max_items=max_items, max_bytes=max_bytes, what="write")


def _wire_check(entry: KVPair | tuple[str, bytes | str]) -> None:
    if entry.__class__ is tuple:
        key, value = cast(tuple[str, bytes | str], entry)
        _check_key(key)
        _check_value(value)
    else:
        _wire(entry, checked=False)  # a full KVPair: metadata and expiry checks too


def key_chunks(
    keys: Iterable[str], *, max_items: int = MAX_BULK_ITEMS
) -> Iterator[Chunk[list[str]]]:
    """Chunks of at most ``max_items`` validated keys (a single ``str`` is one key)."""
    source: Iterable[str] = [keys] if isinstance(keys, str) else keys
    if _reiterable(source):
        for key in source:
            _check_key(key)
        sized = ((k, 0) for k in source)
    else:
        sized = ((k, 0) for k in source if _check_key(k) is None)
    return _sized(sized, max_items=max_items, max_bytes=MAX_BULK_BYTES, what="delete")


def merge_results(chunks: Sequence[ChunkOutcome]) -> BulkWriteResult:
    """Sum the per-chunk results into one :class:`BulkWriteResult`."""
    successful: int | None = None
    unsuccessful: list[str] = []
    for chunk in chunks:
        result = chunk.result
        if not isinstance(result, Mapping) or not result:
            continue
        count = cast(Mapping[str, Any], result).get("successful_key_count")
        if isinstance(count, int):
            successful = (successful or 0) + count
        failed = cast(Mapping[str, Any], result).get("unsuccessful_keys")
        if isinstance(failed, list):
            unsuccessful.extend(str(k) for k in failed)  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
    return BulkWriteResult(
        requests=len(chunks),
        key_count=sum(c.size for c in chunks),
        successful_key_count=successful,
        unsuccessful_keys=tuple(unsuccessful),
        chunks=tuple(chunks),
    )
