"""JSON-bound data (KV metadata, queue ``json`` bodies, …): checked, then converted with ``None``
as JS ``null`` at every depth.

:func:`~cloudflarefs.core.js.to_js` maps ``None`` to ``undefined`` by default, which JS drops
from objects when it serializes them (``{"a": None}`` would be stored as ``{}``). Data that the
platform stores or sends as JSON goes through :func:`json_to_js` instead, so what is read back
equals what was written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js.convert import MAX_SAFE_INTEGER, to_js


def check_json(value: object, what: str = "value") -> str:
    """The compact JSON text of ``value`` after checking it holds only what JSON round-trips.

    Allowed: ``None``, ``bool``, ``int`` within ±(2**53 - 1) (a JS number is a double),
    finite ``float``, ``str``, ``list``/``tuple`` and ``Mapping`` with ``str`` keys, nested
    freely. Anything else raises :class:`~cloudflarefs.core.InvalidInputTypeError`; NaN,
    infinities, unsafe integers and cycles raise :class:`~cloudflarefs.core.InvalidInputError`.
    The message names the path to the offending part (``metadata["a"][0]``).
    """
    _check(value, what, set())
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _check(value: Any, path: str, seen: set[int]) -> None:
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InvalidInputError(
                f"{path} is {value}, outside JSON's exact integer range ±2**53-1"
            )
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{path} is {value}, which JSON cannot hold")
        return
    if isinstance(value, Mapping | list | tuple):
        ident = id(value)  # pyright: ignore[reportUnknownArgumentType]
        if ident in seen:
            raise InvalidInputError(f"{path} contains itself (a cycle JSON cannot hold)")
        seen.add(ident)
        if isinstance(value, Mapping):
            for k, v in value.items():  # pyright: ignore[reportUnknownVariableType]
                if not isinstance(k, str):
                    raise InvalidInputTypeError(
                        f"{path} has a {type(k).__name__} key; JSON object keys are str"  # pyright: ignore[reportUnknownArgumentType]
                    )
                _check(v, f"{path}[{k!r}]", seen)
        else:
            items: list[Any] | tuple[Any, ...] = value  # pyright: ignore[reportUnknownVariableType]
            for i, v in enumerate(items):
                _check(v, f"{path}[{i}]", seen)
        seen.discard(ident)
        return
    raise InvalidInputTypeError(
        f"{path} is a {type(value).__name__}, which JSON cannot hold "
        "(use None, bool, int, float, str, list or dict)"
    )


def json_to_js(value: object, what: str = "value") -> Any:
    """``value`` checked by :func:`check_json`, as a JS value with ``None`` → ``null`` at every depth."""
    check_json(value, what)
    return to_js(value, none_as="null")
