"""Argument checks shared by the handwritten clients; they run before any request is built."""

from __future__ import annotations

from cloudflarefs.core.errors import InvalidInputError

__all__ = ["require_non_empty"]


def require_non_empty(name: str, value: str) -> str:
    """``value`` if it is a string with a non-blank character, else InvalidInputError naming ``name``.

    The message quotes a blank string but only names the type of anything else, so a secret
    passed in the wrong place never reaches an exception.
    """
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{name} must be a non-empty string, got {type(value).__name__}")
    if not value.strip():
        raise InvalidInputError(f"{name} must be a non-empty string, got {value!r}")
    return value
