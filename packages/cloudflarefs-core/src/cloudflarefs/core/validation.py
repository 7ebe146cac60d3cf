"""Argument checks shared by the handwritten clients; they run before any request is built."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError

__all__ = ["require_items", "require_non_empty"]


def require_non_empty(name: str, value: str) -> str:
    """``value`` if it is a string with a non-blank character, else InvalidInputError naming ``name``.

    The message quotes a blank string but only names the type of anything else, so a secret
    passed in the wrong place never reaches an exception.
    """
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"{name} must be a non-empty string, got {type(value).__name__}"
        )
    if not value.strip():
        raise InvalidInputError(f"{name} must be a non-empty string, got {value!r}")
    return value


def require_items(value: object, what: str) -> list[Any]:
    """The items of a list-like argument (list, tuple, generator, …) as a new list.

    A ``str``, bytes-like or mapping is iterable too, but iterating it yields characters, ints or
    keys, never what the caller meant (``send_batch("abc")`` is not three messages): those, and
    anything not iterable, raise :class:`~cloudflarefs.core.InvalidInputTypeError` naming ``what``.
    """
    kind = type(value).__name__
    if isinstance(value, str | bytes | bytearray | memoryview | Mapping) or not isinstance(
        value, Iterable
    ):
        raise InvalidInputTypeError(
            f"{what} must be a list (or another iterable of items), got {kind}"
        )
    items: Iterable[Any] = value  # pyright: ignore[reportUnknownVariableType]
    return list(items)
