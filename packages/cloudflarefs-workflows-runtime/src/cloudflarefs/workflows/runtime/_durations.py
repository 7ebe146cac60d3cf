"""Durations as the Workflows engine takes them: ``"10 seconds"`` strings or milliseconds."""

from __future__ import annotations

import datetime as dt
import re

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError

Duration = str | int | dt.timedelta
"""``"30 seconds"``, ``"2 hours"``... or milliseconds as an ``int``, or a ``timedelta``."""

_UNITS = "second|minute|hour|day|week|month|year"
_DURATION = re.compile(rf"^\d+(\.\d+)? ({_UNITS})s?$")


def check_duration(what: str, value: object) -> str | int:
    """The JS form of a duration, or InvalidInputError naming ``what``."""
    if isinstance(value, bool):
        raise InvalidInputError(f"{what} must be a duration, got bool")
    if isinstance(value, dt.timedelta):
        value = round(value.total_seconds() * 1000)
    if isinstance(value, int):
        if value < 0:
            raise InvalidInputError(f"{what} must not be negative, got {value} ms")
        return value
    if isinstance(value, str):
        if not _DURATION.match(value.strip()):
            raise InvalidInputError(
                f"{what} must look like '10 seconds' ({_UNITS.replace('|', ', ')}), got {value!r}"
            )
        return value.strip()
    raise InvalidInputTypeError(
        f"{what} must be a str like '10 seconds', milliseconds (int) or a timedelta, "
        f"got {type(value).__name__}"
    )
