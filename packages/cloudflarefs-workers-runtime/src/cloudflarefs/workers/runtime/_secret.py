"""``Secret``: a value whose repr never shows it."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast, final

T = TypeVar("T")


@final
class Secret(Generic[T]):
    """Holds a secret (an API key, a token...) so it cannot leak through ``repr``, ``str`` or logs.

    Read it explicitly with :meth:`get_secret_value`. Two secrets compare equal when their values
    do; hashing is disabled so secrets do not end up as dict keys by accident.
    """

    __slots__ = ("_value",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, value: T) -> None:
        self._value = value

    def get_secret_value(self) -> T:
        """The secret itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        theirs = cast("Secret[Any]", other)
        return bool(self._value == theirs._value)

    def __bool__(self) -> bool:
        return bool(self._value)
