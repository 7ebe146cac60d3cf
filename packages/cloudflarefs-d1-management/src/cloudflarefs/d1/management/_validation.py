"""Argument checks that run before any D1 request is built."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeAlias

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.validation import require_non_empty as require_id

__all__ = ["SqlParam", "check_params", "check_sql", "require_id"]

SqlParam: TypeAlias = str | int | float | bool | None
"""A bound SQL parameter: D1 binds JSON strings, numbers, booleans and null."""


def check_sql(sql: str) -> str:
    """Reject empty SQL."""
    if not isinstance(sql, str) or not sql.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"sql must be a non-empty string, got {sql!r}")
    return sql


def check_params(params: Sequence[SqlParam] | None) -> list[SqlParam] | None:
    """Validate positional parameters (``?1``, ``?``) as JSON scalars."""
    if params is None:
        return None
    if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"params must be a sequence of values, got {type(params).__name__}"
        )
    checked: list[SqlParam] = []
    for index, value in enumerate(params):
        if value is not None and not isinstance(value, (str, int, float, bool)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"params[{index}] must be str, int, float, bool or None, got {type(value).__name__}"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidInputError(f"params[{index}] must be a finite number, got {value!r}")
        checked.append(value)
    return checked
