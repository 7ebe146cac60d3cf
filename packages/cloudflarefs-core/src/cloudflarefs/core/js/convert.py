"""Python ↔ JS value conversion with explicit, documented rules.

``to_js`` (Python → JS):

=====================================  =======================================================
Python                                 JS
=====================================  =======================================================
``None``                               ``undefined`` (or ``null`` with ``none_as="null"``)
:data:`JS_NULL`                        ``null``
``bool``, ``float``, ``str``           the same primitive
``int`` within ±(2**53 - 1)            ``number``
``int`` beyond that                    :class:`JsConversionError`, or ``BigInt`` with
                                       ``bigint=True`` (many bindings reject BigInt, so it is
                                       opt-in)
``bytes``/``bytearray``/``memoryview``  ``Uint8Array`` holding a *copy*
``datetime`` (timezone-aware)          ``Date``; naive datetimes are rejected
``Mapping`` with ``str`` keys          plain object via ``Object.fromEntries``
``list``/``tuple``                     ``Array``
JS proxies                             passed through unchanged
=====================================  =======================================================

``from_js`` (JS → Python): ``null``/``undefined`` → ``None``; Array → ``list``; plain object
and Map → ``dict``; ``Date`` → UTC ``datetime``; ArrayBuffer, DataView and byte-sized typed
arrays → ``bytes`` (copied); ``Error`` → :class:`JsError` (returned, not raised); other objects
(class instances, functions, bindings) stay proxies unless ``objects="all"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from cloudflarefs.core.js.backend import JsBackend, backend
from cloudflarefs.core.js.errors import JsConversionError, JsError
from cloudflarefs.core.js.markers import JS_NULL

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer a JS ``number`` holds exactly."""
_INT32_LIMIT = 2**31

_BYTE_TAGS = frozenset(
    {
        "[object ArrayBuffer]",
        "[object DataView]",
        "[object Uint8Array]",
        "[object Uint8ClampedArray]",
        "[object Int8Array]",
    }
)
_UTC = dt.UTC


def to_js(
    value: Any,
    *,
    none_as: Literal["undefined", "null"] = "undefined",
    bigint: bool = False,
) -> Any:
    """Convert a Python value to a JS value (see the module table)."""
    return _to_js(value, backend(), none_as, bigint)


def _to_js(value: Any, be: JsBackend, none_as: str, bigint: bool) -> Any:
    if value is None:
        return be.jsnull if none_as == "null" else None
    if value is JS_NULL:
        return be.jsnull
    if isinstance(value, bool | float | str):
        return value
    if isinstance(value, int):
        if -_INT32_LIMIT <= value < _INT32_LIMIT:
            return value
        if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            # Pyodide 314 turns ints beyond int32 into BigInt, which D1 and KV reject; a float
            # holds every integer up to 2**53 exactly and crosses as a plain JS number.
            return float(value)
        if bigint:
            return be.new_bigint(value)
        raise JsConversionError(
            f"{value} is outside JS's safe integer range (±2**53-1); pass bigint=True for a "
            "BigInt or send it as a string"
        )
    if isinstance(value, bytes | bytearray | memoryview):
        return be.new_uint8array(bytes(value))  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise JsConversionError("naive datetime: give it a timezone (e.g. datetime.UTC)")
        return be.new_date(value.timestamp() * 1000)
    if be.is_js(value):
        return value
    if isinstance(value, Mapping):
        entries: list[tuple[str, Any]] = []
        for k, v in value.items():  # pyright: ignore[reportUnknownVariableType]
            if not isinstance(k, str):
                raise JsConversionError(f"object keys must be str, got {type(k).__name__}")  # pyright: ignore[reportUnknownArgumentType]
            entries.append((k, _to_js(v, be, none_as, bigint)))
        return be.new_object(entries)
    if isinstance(value, list | tuple):
        return be.new_array([_to_js(v, be, none_as, bigint) for v in value])  # pyright: ignore[reportUnknownVariableType]
    raise JsConversionError(f"cannot convert {type(value).__name__} to JS")


def from_js(value: Any, *, objects: Literal["plain", "all"] = "plain") -> Any:
    """Convert a JS value (usually a ``JsProxy``) to plain Python (see the module docs).

    ``objects="all"`` also turns class instances into dicts of their own enumerable properties
    (useful for results that crossed Miniflare's proxy and lost their plain prototype).
    """
    return _from_js(value, backend(), objects)


def _from_js(value: Any, be: JsBackend, objects: str) -> Any:
    if value is None or value is be.jsnull:
        return None
    if not be.is_js(value):
        return value
    tag = be.tag(value)
    if tag == "[object Array]":
        return [_from_js(v, be, objects) for v in be.array_items(value)]
    if tag == "[object Map]":
        return {
            _from_js(k, be, objects): _from_js(v, be, objects) for k, v in be.map_entries(value)
        }
    if tag == "[object Date]":
        return dt.datetime.fromtimestamp(be.date_ms(value) / 1000, tz=_UTC)
    if tag in _BYTE_TAGS:
        return be.to_bytes(value)
    if be.is_error(value):
        return JsError.from_js(value)
    if tag == "[object Object]" and (objects == "all" or be.is_plain_object(value)):
        return {k: _from_js(v, be, objects) for k, v in be.object_entries(value)}
    return value
