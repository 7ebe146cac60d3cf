"""Argument checks shared by the clients; they run before any request is built.

Generated resource methods call these by name (a service overlay's ``params`` entry says which
check an argument gets), so a documented limit is data in the overlay, not a hand-written
wrapper. Each check returns the value it accepted, so it can stand inline in a call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, overload

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError

__all__ = [
    "check_int_range",
    "check_match",
    "check_path_segment",
    "require_items",
    "require_non_empty",
]


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


@overload
def check_int_range(
    name: str, value: int, *, minimum: int | None = None, maximum: int | None = None
) -> int: ...
@overload
def check_int_range(
    name: str, value: int | None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None: ...
def check_int_range(
    name: str, value: int | None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """``value`` if it is None or an int within ``[minimum, maximum]``, else InvalidInputError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"{name} must be an int, got {type(value).__name__}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "" if minimum is None else f"at least {minimum}"
        high = "" if maximum is None else f"at most {maximum}"
        bounds = " and ".join(b for b in (low, high) if b)
        if minimum is not None and maximum is not None:
            bounds = f"between {minimum} and {maximum}"
        raise InvalidInputError(f"{name} must be {bounds}, got {value}")
    return value


def check_path_segment(name: str, value: str, *, max_bytes: int | None = None) -> str:
    """A string usable as one URL path segment: not empty, ``.`` or ``..``, and at most
    ``max_bytes`` bytes of UTF-8 (the service's documented limit), else InvalidInputError."""
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"{name} must be a str, got {type(value).__name__}")
    if value in ("", ".", ".."):
        raise InvalidInputError(f"{name} must not be empty, '.' or '..', got {value!r}")
    if max_bytes is not None:
        size = len(value.encode("utf-8"))
        if size > max_bytes:
            raise InvalidInputError(
                f"{name} is at most {max_bytes} bytes of UTF-8, got {size} bytes"
            )
    return value


def check_match(name: str, value: str, *, pattern: str, what: str) -> str:
    """``value`` if it is a non-empty string matching ``pattern`` as a whole, else
    InvalidInputError saying it must be ``what`` (a service's documented naming rule)."""
    require_non_empty(name, value)
    if re.fullmatch(pattern, value) is None:
        raise InvalidInputError(f"{name} must be {what}, got {value!r}")
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
