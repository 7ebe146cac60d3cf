"""The version metadata binding (``"version_metadata": {"binding": "VER"}``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from cloudflarefs.core import InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.converter import parse_datetime
from cloudflarefs.core.js import from_js


@attrs.frozen(kw_only=True)
class VersionMetadata:
    """Which version of the Worker is running.

    Attributes:
        id: the version id (a UUID).
        tag: the version tag given at upload (``""`` when none).
        timestamp: when the version was created, as an aware UTC datetime.
    """

    id: str
    tag: str
    timestamp: dt.datetime

    @classmethod
    def from_js(cls, binding: Any) -> VersionMetadata:
        """Read the binding (a JS object ``{id, tag, timestamp}``, or an equivalent dict)."""
        converted = from_js(binding, objects="all")
        if not isinstance(converted, dict):
            raise InvalidInputTypeError(
                f"expected the version metadata binding, got {type(converted).__name__}"
            )
        data: dict[str, Any] = converted  # pyright: ignore[reportUnknownVariableType]
        try:
            stamp = data["timestamp"]
            timestamp = stamp if isinstance(stamp, dt.datetime) else parse_datetime(str(stamp))
            if timestamp.tzinfo is None:
                timestamp = timestamp.replace(tzinfo=dt.UTC)
            return cls(id=str(data["id"]), tag=str(data.get("tag") or ""), timestamp=timestamp)
        except (KeyError, ValueError) as exc:
            raise ResponseDecodeError(f"malformed version metadata: {exc!r}") from exc
