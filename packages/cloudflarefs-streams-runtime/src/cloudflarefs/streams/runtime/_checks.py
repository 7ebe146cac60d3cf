"""Argument checks shared by the stream wrappers."""

from __future__ import annotations

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import MAX_SAFE_INTEGER


def check_count(value: object, what: str, *, minimum: int = 0) -> int:
    """A non-negative (or ``minimum``-bounded) int within JS's safe range."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputTypeError(f"{what} must be an int, got {type(value).__name__}")
    if not minimum <= value <= MAX_SAFE_INTEGER:
        raise InvalidInputError(f"{what} must be in {minimum}..{MAX_SAFE_INTEGER}, got {value}")
    return value


def check_chunk(chunk: object) -> bytes | str:
    """A chunk a Python source or writer may hand to JS: bytes-like (copied) or ``str``."""
    if isinstance(chunk, str | bytes):
        return chunk
    if isinstance(chunk, bytearray | memoryview):
        return bytes(chunk)  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(
        f"stream chunks must be bytes-like or str, got {type(chunk).__name__}"
    )
