"""The ``UNSET`` sentinel: "not given", distinct from ``None`` ("send null")."""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeAlias

__all__ = ["UNSET", "Unset", "UnsetType"]


class UnsetType(enum.Enum):
    """Type of :data:`UNSET`. An enum so that ``Literal[UnsetType.UNSET]`` narrows in type checkers."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = UnsetType.UNSET
"""A field left at ``UNSET`` is omitted from the request body entirely."""

Unset: TypeAlias = Literal[UnsetType.UNSET]
"""Annotation for "may be UNSET": ``x: int | None | Unset = UNSET``."""
