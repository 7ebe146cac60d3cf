"""Workers KV limits and the validation that enforces them before any JS call."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal, TypeAlias, get_args

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, require_items
from cloudflarefs.core.js.jsondata import check_json

MAX_KEY_BYTES: Final = 512
"""Longest key, in UTF-8 bytes."""
MAX_VALUE_BYTES: Final = 25 * 1024 * 1024
"""Largest value (25 MiB)."""
MAX_METADATA_BYTES: Final = 1024
"""Largest metadata, serialized as JSON."""
MIN_TTL_SECONDS: Final = 60
"""Shortest ``expiration_ttl`` and ``cache_ttl``."""
MAX_LIST_LIMIT: Final = 1000
"""Most keys one ``list`` call returns (also the default)."""
MAX_BULK_KEYS: Final = 100
"""Most keys one bulk read accepts."""

BulkType: TypeAlias = Literal["text", "json"]
"""How bulk reads decode values."""
BULK_TYPES: Final[tuple[str, ...]] = get_args(BulkType)

_RESERVED_KEYS: Final = frozenset({".", ".."})


def check_key(key: object) -> str:
    """A non-empty ``str`` of at most 512 UTF-8 bytes that is not ``.`` or ``..``."""
    if not isinstance(key, str):
        raise InvalidInputTypeError(f"KV key must be a str, got {type(key).__name__}")
    # 128 chars are at most 512 UTF-8 bytes: skip the encode on the common short key.
    if len(key) > MAX_KEY_BYTES // 4 and len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidInputError(
            f"KV key is {len(key.encode())} bytes; the limit is {MAX_KEY_BYTES} (UTF-8)"
        )
    if not key or key in _RESERVED_KEYS:
        raise InvalidInputError(f"KV key must not be empty, '.' or '..', got {key!r}")
    return key


def check_keys(keys: object) -> list[str]:
    """1 to 100 keys for a bulk read (a bare ``str`` is refused: pass a list)."""
    items: list[str] = [check_key(k) for k in require_items(keys, "bulk read keys")]
    if not 1 <= len(items) <= MAX_BULK_KEYS:
        raise InvalidInputError(
            f"bulk reads take 1 to {MAX_BULK_KEYS} keys, got {len(items)}; split the list"
        )
    return items


def check_bulk_type(type_: object) -> BulkType:
    """``"text"`` or ``"json"`` (bulk reads cannot return bytes or streams)."""
    if type_ not in BULK_TYPES:
        raise InvalidInputError(f"bulk reads support type 'text' or 'json', got {type_!r}")
    return type_  # pyright: ignore[reportReturnType]


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputTypeError(f"{what} must be an int, got {type(value).__name__}")
    return value


def check_ttl(seconds: object, what: str) -> int:
    """An int of at least 60 seconds (``expiration_ttl``, ``cache_ttl``)."""
    value = _check_int(seconds, what)
    if value < MIN_TTL_SECONDS:
        raise InvalidInputError(f"{what} must be at least {MIN_TTL_SECONDS} seconds, got {value}")
    return value


def check_expiration(expiration: object) -> int:
    """Epoch seconds from an int or an aware ``datetime``."""
    if isinstance(expiration, dt.datetime):
        if expiration.tzinfo is None:
            raise InvalidInputError("expiration datetime must be timezone-aware (e.g. UTC)")
        return int(expiration.timestamp())
    value = _check_int(expiration, "expiration")
    if value <= 0:
        raise InvalidInputError(f"expiration must be positive epoch seconds, got {value}")
    return value


def check_metadata(metadata: object) -> None:
    """JSON-only data (see :func:`~cloudflarefs.core.js.check_json`), at most 1024 bytes as JSON."""
    size = len(check_json(metadata, "metadata").encode())
    if size > MAX_METADATA_BYTES:
        raise InvalidInputError(
            f"KV metadata is {size} bytes as JSON; the limit is {MAX_METADATA_BYTES}"
        )


def check_value_size(value: str | bytes | bytearray | memoryview[Any]) -> None:
    """At most 25 MiB (``str`` counted as UTF-8)."""
    size = len(value.encode()) if isinstance(value, str) else memoryview(value).nbytes
    if size > MAX_VALUE_BYTES:
        raise InvalidInputError(
            f"KV value is {size} bytes; the limit is {MAX_VALUE_BYTES} (25 MiB)"
        )


def check_limit(limit: object) -> int:
    """An int in 1..1000."""
    value = _check_int(limit, "limit")
    if not 1 <= value <= MAX_LIST_LIMIT:
        raise InvalidInputError(f"limit must be between 1 and {MAX_LIST_LIMIT}, got {value}")
    return value


def check_optional_str(value: object, what: str) -> str | None:
    """``None`` or a ``str``."""
    if value is not None and not isinstance(value, str):
        raise InvalidInputTypeError(f"{what} must be a str, got {type(value).__name__}")
    return value
