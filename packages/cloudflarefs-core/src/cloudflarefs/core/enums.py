"""Open enums: a value the server adds after we shipped is kept, never raised on."""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["OpenIntEnum", "OpenStrEnum"]


class OpenStrEnum(enum.StrEnum):
    """A ``str`` enum that accepts unknown values as pseudo-members.

    ``Status("brand-new")`` returns a member whose ``value`` is ``"brand-new"``; it is not listed
    in iteration, and ``is_known`` is ``False`` for it.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value was declared in the spec."""
        return self._name_ in type(self).__members__


class OpenIntEnum(enum.IntEnum):
    """An ``int`` enum that accepts unknown values as pseudo-members."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value was declared in the spec."""
        return self._name_ in type(self).__members__
