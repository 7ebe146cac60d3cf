"""JSON-only values: what Workflows persist (params, step results, event payloads, output)."""

from __future__ import annotations

import json
import math
from typing import Any

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError

JsonValue = Any
"""A value made of ``None``, ``bool``, ``int``, ``float``, ``str``, ``list`` and ``dict[str, ...]``."""


def check_json(what: str, value: object) -> JsonValue:
    """``value`` if it survives a JSON round trip unchanged in kind, else InvalidInputError.

    The Workflows engine stores these values as JSON, so a ``datetime``, ``bytes``, ``set`` or
    object would be lost or altered; refuse it before anything is sent or committed.
    """
    _walk(what, value, depth=0)
    return value


def _walk(what: str, value: object, depth: int) -> None:
    if depth > 64:
        raise InvalidInputError(f"{what} is nested too deeply (over 64 levels) for JSON")
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{what} contains {value!r}, which JSON cannot hold")
        return
    if isinstance(value, list | tuple):
        for item in value:  # pyright: ignore[reportUnknownVariableType]
            _walk(what, item, depth + 1)  # pyright: ignore[reportUnknownArgumentType]
        return
    if isinstance(value, dict):
        for key, item in value.items():  # pyright: ignore[reportUnknownVariableType]
            if not isinstance(key, str):
                raise InvalidInputTypeError(
                    f"{what} has a {type(key).__name__} key; JSON object keys must be str"  # pyright: ignore[reportUnknownArgumentType]
                )
            _walk(what, item, depth + 1)  # pyright: ignore[reportUnknownArgumentType]
        return
    raise InvalidInputTypeError(
        f"{what} must be JSON-serialisable (None, bool, int, float, str, list, dict); "
        f"got {type(value).__name__}"
    )


def json_roundtrip(value: JsonValue) -> JsonValue:
    """A deep copy through JSON, as the engine will store it (tuples become lists)."""
    return json.loads(json.dumps(value))
