"""Time Travel arguments: timestamps as ISO 8601, and exactly one restore target."""

from __future__ import annotations

import datetime

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.validation import require_non_empty

__all__ = ["restore_target", "timestamp_param"]


def timestamp_param(value: datetime.datetime | str | None) -> str | None:
    """An ISO 8601 query value: aware datetimes are formatted, strings must parse as ISO 8601."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise InvalidInputError("timestamp must be timezone-aware (e.g. tzinfo=datetime.UTC)")
        return value.isoformat()
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"timestamp must be a datetime or an ISO 8601 string, got {type(value).__name__}"
        )
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"timestamp must be ISO 8601, got {value!r}") from None
    return value


def restore_target(
    bookmark: str | None, timestamp: datetime.datetime | str | None
) -> tuple[str | None, str | None]:
    """``(bookmark, timestamp)`` for a restore: exactly one of them is given."""
    if (bookmark is None) == (timestamp is None):
        raise InvalidInputError("restore needs exactly one of bookmark or timestamp")
    if bookmark is not None:
        return require_non_empty("bookmark", bookmark), None
    return None, timestamp_param(timestamp)
