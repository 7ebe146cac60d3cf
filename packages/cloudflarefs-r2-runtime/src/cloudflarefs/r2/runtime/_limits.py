"""R2 limits and the validation that enforces them before any JS call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias, get_args

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, require_items

MAX_KEY_BYTES: Final = 1024
"""Longest object key, in UTF-8 bytes."""
MAX_CUSTOM_METADATA_BYTES: Final = 8192
"""Largest custom metadata (keys plus values, UTF-8)."""
MAX_LIST_LIMIT: Final = 1000
"""Most objects one ``list`` call returns (also the default)."""
MAX_DELETE_KEYS: Final = 1000
"""Most keys one ``delete`` call accepts."""
MIN_PART_BYTES: Final = 5 * 1024 * 1024
"""Smallest multipart part, except the last one (5 MiB)."""
MAX_PART_BYTES: Final = 5 * 1024 * 1024 * 1024
"""Largest multipart part (5 GiB)."""
MAX_PART_NUMBER: Final = 10_000
"""Highest multipart part number (part numbers start at 1)."""

StorageClass: TypeAlias = Literal["Standard", "InfrequentAccess"]
"""Where R2 stores an object."""
STORAGE_CLASSES: Final[tuple[str, ...]] = get_args(StorageClass)
ListInclude: TypeAlias = Literal["httpMetadata", "customMetadata"]
"""Which optional fields ``list`` fills in."""
LIST_INCLUDES: Final[tuple[str, ...]] = get_args(ListInclude)
ChecksumAlgorithm: TypeAlias = Literal["md5", "sha1", "sha256", "sha384", "sha512"]
"""A checksum R2 can verify on upload."""
DIGEST_SIZES: Final[dict[str, int]] = {
    "md5": 16,
    "sha1": 20,
    "sha256": 32,
    "sha384": 48,
    "sha512": 64,
}
"""Digest length in bytes per algorithm."""


def kind(value: object) -> str:
    """A value's type name, for messages."""
    return value.__class__.__name__


def check_key(key: object, what: str = "R2 key") -> str:
    """A non-empty ``str`` of at most 1024 UTF-8 bytes."""
    if not isinstance(key, str):
        raise InvalidInputTypeError(f"{what} must be a str, got {kind(key)}")
    if not key:
        raise InvalidInputError(f"{what} must not be empty")
    if len(key) > MAX_KEY_BYTES // 4 and len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidInputError(
            f"{what} is {len(key.encode())} bytes; the limit is {MAX_KEY_BYTES} (UTF-8)"
        )
    return key


def check_delete_keys(keys: object) -> str | list[str]:
    """One key, or a list of 1 to 1000 keys."""
    if isinstance(keys, str):
        return check_key(keys)
    items: list[str] = [check_key(k) for k in require_items(keys, "delete keys")]
    if not 1 <= len(items) <= MAX_DELETE_KEYS:
        raise InvalidInputError(f"delete takes 1 to {MAX_DELETE_KEYS} keys, got {len(items)}")
    return items


def check_int(value: object, what: str, minimum: int = 0, maximum: int | None = None) -> int:
    """An int (not bool) within ``minimum..maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputTypeError(f"{what} must be an int, got {kind(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise InvalidInputError(f"{what} must be {bound}, got {value}")
    return value


def check_optional_str(value: object, what: str, *, allow_empty: bool = True) -> str | None:
    """``None`` or a ``str`` (non-empty unless ``allow_empty``)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputTypeError(f"{what} must be a str, got {kind(value)}")
    if not value and not allow_empty:
        raise InvalidInputError(f"{what} must not be empty")
    return value


def check_custom_metadata(metadata: object) -> dict[str, str]:
    """A ``str → str`` mapping of at most 8192 bytes (keys plus values)."""
    if not isinstance(metadata, Mapping):
        raise InvalidInputTypeError(f"custom_metadata must be a mapping, got {kind(metadata)}")
    out: dict[str, str] = {}
    size = 0
    for k, v in metadata.items():  # pyright: ignore[reportUnknownVariableType]
        if not isinstance(k, str) or not isinstance(v, str):
            raise InvalidInputTypeError(
                f"custom_metadata keys and values must be str, got {kind(k)}: {kind(v)}"  # pyright: ignore[reportUnknownArgumentType]
            )
        size += len(k.encode()) + len(v.encode())
        out[k] = v
    if size > MAX_CUSTOM_METADATA_BYTES:
        raise InvalidInputError(
            f"custom_metadata is {size} bytes; the limit is {MAX_CUSTOM_METADATA_BYTES}"
        )
    return out


def check_storage_class(value: object) -> StorageClass:
    """``"Standard"`` or ``"InfrequentAccess"``."""
    if value not in STORAGE_CLASSES:
        raise InvalidInputError(
            f"storage_class must be one of {', '.join(STORAGE_CLASSES)}, got {value!r}"
        )
    return value  # pyright: ignore[reportReturnType]


def check_include(include: object) -> list[str]:
    """A list drawn from ``"httpMetadata"`` and ``"customMetadata"``."""
    items = require_items(include, "include")
    for item in items:
        if item not in LIST_INCLUDES:
            raise InvalidInputError(
                f"include items must be {' or '.join(LIST_INCLUDES)}, got {item!r}"
            )
    return items


def check_checksum(algorithm: str, value: object) -> bytes | str:
    """A digest as bytes of the right length, or the same as a hex string."""
    size = DIGEST_SIZES[algorithm]
    if isinstance(value, bytes | bytearray | memoryview):
        digest = bytes(value)  # pyright: ignore[reportUnknownArgumentType]
        if len(digest) != size:
            raise InvalidInputError(f"{algorithm} must be {size} bytes, got {len(digest)}")
        return digest
    if isinstance(value, str):
        try:
            ok = len(bytes.fromhex(value)) == size and len(value) == 2 * size
        except ValueError:
            ok = False
        if not ok:
            raise InvalidInputError(f"{algorithm} must be {2 * size} hex digits, got {value!r}")
        return value
    raise InvalidInputTypeError(f"{algorithm} must be bytes or a hex str, got {kind(value)}")


def body_size(value: object, what: str) -> int:
    """The size of a ``str`` (UTF-8) or bytes-like body; anything else is refused."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes | bytearray | memoryview):
        return memoryview(value).nbytes  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(
        f"{what} must be str, bytes-like or an async iterable of bytes, got {kind(value)}"
    )
