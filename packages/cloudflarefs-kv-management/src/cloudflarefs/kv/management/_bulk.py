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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeAlias, cast

import attrs

from cloudflarefs.core.bulk import Chunk, ChunkOutcome
from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
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
    return (p if isinstance(p, KVPair) else _not_a_pair(p) for p in pairs)  # pyright: ignore[reportUnnecessaryIsInstance]


def _not_a_pair(item: object) -> KVPair:
    raise InvalidInputTypeError(f"bulk write items must be KVPair, got {type(item).__name__}")


_BAD_KEYS = frozenset(("", ".", ".."))


def _check_key(key: Any) -> None:
    if key.__class__ is not str or len(key) > _MAX_FAST_KEY_CHARS or key in _BAD_KEYS:
        check_key(key)


def _check_keys(keys: Iterable[Any]) -> None:
    """Validate keys; one inline loop (no call per key) for short strings."""
    bad, short = _BAD_KEYS, _MAX_FAST_KEY_CHARS
    for key in keys:
        if key.__class__ is not str or len(key) > short or key in bad:
            check_key(key)


def _check_mapping(pairs: Mapping[str, bytes | str]) -> None:
    """Validate every pair of a mapping; one inline loop (no call per pair) for short strings."""
    bad = _BAD_KEYS
    for key, value in pairs.items():
        if (
            key.__class__ is not str
            or value.__class__ is not str
            or len(key) > _MAX_FAST_KEY_CHARS
            or len(value) > _MAX_FAST_VALUE_CHARS
            or key in bad
        ):
            check_key(key)
            check_value(value)


def _encode(items: list[Any]) -> bytes:
    """The compact JSON body, byte for byte what core sends for a ``json=`` body."""
    return json.dumps(items, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _wire(entry: KVPair | tuple[str, bytes | str], checked: bool) -> WireItem:
    """The wire item of one pair; validates it unless ``checked``."""
    if entry.__class__ is tuple:
        key, value = cast(tuple[str, bytes | str], entry)
        if not checked:
            _check_key(key)
            check_value(value)
        if value.__class__ is str:
            return {"key": key, "value": value}
        pair = KVPair(key=key, value=value)
    else:
        pair = cast(KVPair, entry)
        if not checked:
            check_key(pair.key)
    item: WireItem = {"key": pair.key}
    if isinstance(pair.value, str):
        if not checked:
            check_value(pair.value)
        item["value"] = pair.value
    else:
        item["value"] = base64.b64encode(check_value(pair.value)).decode("ascii")
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
    return item


def _split(items: list[Any], max_bytes: int) -> list[list[Any]]:
    """Greedy split of ``items`` into runs whose encoded body fits ``max_bytes`` (exact sizes).

    Only reached when a whole batch is over the limit (values averaging 10 kB or more).
    """
    runs: list[list[Any]] = []
    current: list[Any] = []
    size = 2  # "[]"
    for item in items:
        item_size = len(_encode([item])) - 2
        if item_size + 2 > max_bytes:
            key: object = cast(WireItem, item).get("key", "") if isinstance(item, dict) else item
            raise InvalidInputError(
                f"bulk item for key {key!r} is {item_size} bytes serialized, "
                f"over the {max_bytes}-byte request limit"
            )
        extra = item_size + 1 if current else item_size  # "," between items
        if current and size + extra > max_bytes:
            runs.append(current)
            current, size, extra = [], 2, item_size
        current.append(item)
        size += extra
    runs.append(current)
    return runs


def _chunks(
    batches: Callable[[int], list[Any]], *, max_items: int, max_bytes: int, what: str
) -> Iterator[Chunk[bytes]]:
    """Encoded chunks within both limits; ``batches(n)`` gives the next ``n`` wire items.

    Each chunk is serialized once, whole; only a batch over ``max_bytes`` is measured item by
    item. The input is read no further ahead than the chunk being built.
    """
    index = start = 0
    carried: list[Any] = []
    while True:
        batch = carried + batches(max_items - len(carried))
        carried = []
        if not batch:
            if index == 0:
                noun = "pair" if what == "write" else "key"
                raise InvalidInputError(f"a bulk {what} needs at least one {noun}")
            return
        body = _encode(batch)
        if len(body) > max_bytes:
            # Never a single run: the batch as a whole did not fit. The last run may still
            # take items of the next batch, so it is carried over.
            *ready, carried = _split(batch, max_bytes)
            for run in ready:
                yield Chunk(index, start, len(run), _encode(run))
                index, start = index + 1, start + len(run)
            continue
        yield Chunk(index, start, len(batch), body)
        index, start = index + 1, start + len(batch)
        if len(batch) < max_items:
            return


def _reiterable(values: object) -> bool:
    return isinstance(values, Collection) and not isinstance(values, Iterator)


def write_chunks(
    pairs: Pairs, *, max_items: int = MAX_BULK_ITEMS, max_bytes: int = MAX_BULK_BYTES
) -> Iterator[Chunk[bytes]]:
    """Encoded JSON bodies of wire items, each within ``max_items`` and ``max_bytes``.

    A mapping or collection is validated whole now, before anything is built; a one-shot
    iterator is validated as its chunks are built.
    """
    if isinstance(pairs, Mapping):
        mapping = cast(Mapping[str, bytes | str], pairs)
        _check_mapping(mapping)
        entries = iter(mapping.items())

        def next_mapping_items(n: int) -> list[Any]:
            return [
                {"key": k, "value": v} if v.__class__ is str else _wire((k, v), True)
                for k, v in islice(entries, n)
            ]

        return _chunks(next_mapping_items, max_items=max_items, max_bytes=max_bytes, what="write")
    checked = _reiterable(pairs)
    if checked:
        for entry in _pairs(pairs):
            _wire(entry, checked=False)
    source = _pairs(pairs)

    def next_items(n: int) -> list[Any]:
        return [_wire(e, checked) for e in islice(source, n)]

    return _chunks(next_items, max_items=max_items, max_bytes=max_bytes, what="write")


def key_chunks(keys: Iterable[str], *, max_items: int = MAX_BULK_ITEMS) -> Iterator[Chunk[bytes]]:
    """Encoded JSON arrays of at most ``max_items`` validated keys (a ``str`` is one key)."""
    source: Iterable[str] = [keys] if isinstance(keys, str) else keys
    checked = _reiterable(source)
    if checked:
        _check_keys(source)
    it = iter(source)

    def next_keys(n: int) -> list[Any]:
        batch = list(islice(it, n))
        if not checked:
            _check_keys(batch)
        return batch

    return _chunks(next_keys, max_items=max_items, max_bytes=MAX_BULK_BYTES, what="delete")


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
