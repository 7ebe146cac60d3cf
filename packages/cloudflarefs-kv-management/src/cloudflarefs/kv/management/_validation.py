"""Argument checks that run before any request is built (Workers KV's documented limits)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.validation import check_path_segment

__all__ = [
    "MAX_KEY_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_VALUE_BYTES",
    "MIN_EXPIRATION_TTL",
    "check_expiration",
    "check_expiration_ttl",
    "check_key",
    "check_value",
    "encode_metadata",
]

MAX_KEY_BYTES = 512
"""A key is at most 512 bytes of UTF-8."""
MAX_METADATA_BYTES = 1024
"""Metadata is at most 1,024 bytes once serialized to JSON."""
MAX_VALUE_BYTES = 25 * 1024 * 1024
"""A value is at most 25 MiB."""
MIN_EXPIRATION_TTL = 60
"""The shortest ``expiration_ttl`` KV accepts, in seconds."""


def check_key(key: str) -> str:
    """Reject keys KV refuses: empty, ``.``/``..``, or over 512 UTF-8 bytes."""
    return check_path_segment("key", key, max_bytes=MAX_KEY_BYTES)


def encode_metadata(metadata: Mapping[str, Any]) -> str:
    """Serialize metadata to compact JSON, rejecting more than 1,024 bytes."""
    try:
        text = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"KV metadata must be JSON-serializable: {exc}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        raise InvalidInputError(
            f"KV metadata is at most {MAX_METADATA_BYTES} bytes serialized, got {size} bytes"
        )
    return text


def check_expiration_ttl(ttl: int | None) -> int | None:
    """Reject a TTL under 60 seconds (or not an int)."""
    if ttl is None:
        return None
    if isinstance(ttl, bool) or not isinstance(ttl, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"expiration_ttl must be an int of seconds, got {ttl!r}")
    if ttl < MIN_EXPIRATION_TTL:
        raise InvalidInputError(
            f"expiration_ttl must be at least {MIN_EXPIRATION_TTL} seconds, got {ttl}"
        )
    return ttl


def check_expiration(expiration: int | datetime.datetime | None) -> int | None:
    """An absolute expiry as seconds since the epoch (aware datetimes are converted)."""
    if expiration is None:
        return None
    if isinstance(expiration, datetime.datetime):
        if expiration.tzinfo is None:
            raise InvalidInputError("expiration must be a timezone-aware datetime")
        return int(expiration.timestamp())
    if isinstance(expiration, bool) or not isinstance(expiration, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"expiration must be epoch seconds or a datetime, got {expiration!r}"
        )
    if expiration <= 0:
        raise InvalidInputError(f"expiration must be positive epoch seconds, got {expiration}")
    return expiration


def check_value(value: bytes | str) -> bytes:
    """The value as bytes, rejecting more than 25 MiB."""
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
        data = bytes(value)
    else:
        raise InvalidInputTypeError(f"a KV value must be bytes or str, got {type(value).__name__}")
    if len(data) > MAX_VALUE_BYTES:
        raise InvalidInputError(f"a KV value is at most 25 MiB, got {len(data)} bytes")
    return data
