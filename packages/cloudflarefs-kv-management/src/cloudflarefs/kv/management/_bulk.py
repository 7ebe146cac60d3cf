"""Bulk write/delete: items, their wire form, and chunking to the API's per-request limits.

Pure: the resource groups send each chunk; these functions only decide what goes in it.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias, cast

import attrs

from cloudflarefs.core.converter import unstructure
from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.kv.management._generated.models import BulkWriteInputItem
from cloudflarefs.kv.management._validation import (
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
    "chunk_keys",
    "chunk_pairs",
    "to_wire_items",
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


def _pairs(pairs: Pairs) -> Iterator[KVPair]:
    if isinstance(pairs, Mapping):
        mapping = cast(Mapping[str, bytes | str], pairs)
        for key, value in mapping.items():
            yield KVPair(key=key, value=value)
        return
    for pair in pairs:
        if not isinstance(pair, KVPair):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"bulk write items must be KVPair, got {type(pair).__name__}"
            )
        yield pair


def _wire_item(pair: KVPair) -> BulkWriteInputItem:
    check_key(pair.key)
    data = check_value(pair.value)
    item = BulkWriteInputItem(key=pair.key)
    if isinstance(pair.value, str):
        item.value = pair.value
    else:
        item.value = base64.b64encode(data).decode("ascii")
        item.base64 = True
    if pair.metadata is not None:
        # Validated (size, JSON-ability) but sent as an object, which the bulk API expects.
        item.metadata = json.loads(encode_metadata(pair.metadata))
    expiration = check_expiration(pair.expiration)
    ttl = check_expiration_ttl(pair.expiration_ttl)
    if expiration is not None:
        item.expiration = expiration
    if ttl is not None:
        item.expiration_ttl = ttl
    return item


def to_wire_items(pairs: Pairs) -> list[BulkWriteInputItem]:
    """Validate every pair and convert it to the wire item, before anything is sent."""
    items = [_wire_item(p) for p in _pairs(pairs)]
    if not items:
        raise InvalidInputError("a bulk write needs at least one pair")
    return items


def _json_size(value: Any) -> int:
    return len(json.dumps(value, separators=(", ", ": ")).encode("utf-8"))


def chunk_pairs(
    items: Sequence[BulkWriteInputItem],
    *,
    max_items: int = MAX_BULK_ITEMS,
    max_bytes: int = MAX_BULK_BYTES,
) -> list[list[BulkWriteInputItem]]:
    """Split items so that each chunk has at most ``max_items`` and ``max_bytes`` of JSON.

    The size counts the array brackets and separators, so a chunk's serialized body never
    exceeds ``max_bytes``; a single item that alone exceeds it is rejected.
    """
    chunks: list[list[BulkWriteInputItem]] = []
    current: list[BulkWriteInputItem] = []
    size = 2  # "[]"
    for item in items:
        item_size = _json_size(unstructure(item))
        if item_size + 2 > max_bytes:
            raise InvalidInputError(
                f"bulk item for key {item.key if item.key is not UNSET else ''!r} is "
                f"{item_size} bytes serialized, over the {max_bytes}-byte request limit"
            )
        extra = item_size + (2 if current else 0)  # ", " between items
        if current and (len(current) >= max_items or size + extra > max_bytes):
            chunks.append(current)
            current, size = [], 2
            extra = item_size
        current.append(item)
        size += extra
    if current:
        chunks.append(current)
    return chunks


def chunk_keys(keys: Iterable[str], *, max_items: int = MAX_BULK_ITEMS) -> list[list[str]]:
    """Validate keys and split them into chunks of at most ``max_items``."""
    checked = [check_key(k) for k in ([keys] if isinstance(keys, str) else keys)]
    if not checked:
        raise InvalidInputError("a bulk delete needs at least one key")
    return [checked[i : i + max_items] for i in range(0, len(checked), max_items)]


def merge_results(results: Sequence[Mapping[str, Any] | None], key_count: int) -> BulkWriteResult:
    """Sum the per-chunk results into one :class:`BulkWriteResult`."""
    successful: int | None = None
    unsuccessful: list[str] = []
    for result in results:
        if not result:
            continue
        count = result.get("successful_key_count")
        if isinstance(count, int):
            successful = (successful or 0) + count
        failed = result.get("unsuccessful_keys")
        if isinstance(failed, list):
            unsuccessful.extend(str(k) for k in failed)  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
    return BulkWriteResult(
        requests=len(results),
        key_count=key_count,
        successful_key_count=successful,
        unsuccessful_keys=tuple(unsuccessful),
    )
