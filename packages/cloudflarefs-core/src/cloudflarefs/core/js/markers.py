"""Sentinels for the two JS "nothing" values.

Python has one ``None``; JS has ``undefined`` and ``null``. :func:`~cloudflarefs.core.js.to_js`
maps ``None`` to ``undefined`` (what JS APIs read as "option not given") and :data:`JS_NULL` to
``null`` (what D1 needs for SQL ``NULL``).
"""

from __future__ import annotations

from typing import Final, final


@final
class _JsNullType:
    __slots__ = ()
    _instance: _JsNullType | None = None

    def __new__(cls) -> _JsNullType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "JS_NULL"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "JS_NULL"


JS_NULL: Final = _JsNullType()
"""Converts to JS ``null`` (``pyodide.ffi.jsnull``); use it to bind SQL ``NULL`` in D1."""

JsNullType = _JsNullType
