"""D1 value rules: which Python values bind, and how JS row values come back."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import JS_NULL, MAX_SAFE_INTEGER, JsNullType, to_js

D1Value: TypeAlias = int | float | str | bytes | None
"""A SQLite value as D1 returns it: NULL, INTEGER, REAL, TEXT or BLOB."""

D1Param: TypeAlias = JsNullType | bool | int | float | str | bytes | bytearray | memoryview | None
"""A value :meth:`D1PreparedStatement.bind` accepts."""

D1Row: TypeAlias = dict[str, D1Value]
"""One result row: column name → value."""


def check_sql(sql: object, what: str = "sql") -> str:
    """Reject a non-string or blank SQL text before it reaches D1."""
    if not isinstance(sql, str):
        raise InvalidInputTypeError(f"{what} must be a str, got {type(sql).__name__}")
    if not sql.strip():
        raise InvalidInputError(f"{what} must not be empty")
    return sql


def bind_param(value: object, index: int) -> JsNullType | int | float | str | bytes:
    """One bind parameter normalized for the codec, or InvalidInputError.

    ``None`` becomes :data:`JS_NULL` (SQL NULL: D1 rejects JS ``undefined``); ``bool`` becomes
    1/0, as D1 itself stores booleans; bytes-likes become ``bytes`` (the codec binds a BLOB from
    a copied ``Uint8Array``).
    """
    where = f"bind parameter {index + 1}"
    if value is None or value is JS_NULL:
        return JS_NULL
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise InvalidInputError(
                f"{where}: {value} is outside ±(2**53-1), which D1 cannot bind exactly; bind "
                "str(value) instead (an INTEGER column stores it as an exact integer)"
            )
        # Pyodide turns large ints (2**53-1 included) into BigInt, which D1 rejects; a float is
        # exact up to 2**53 and D1 binds every JS number as REAL anyway.
        return value if -(2**31) <= value < 2**31 else float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{where}: {value} is not a finite number")
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(
        f"{where}: D1 cannot bind {type(value).__name__}; use None, bool, int, float, str or "
        "bytes (serialize other values, e.g. json.dumps or datetime.isoformat, first)"
    )


def bind_params(values: Sequence[object]) -> list[Any]:
    """All bind parameters validated in order (the first bad one raises), then as JS values."""
    checked = [bind_param(v, i) for i, v in enumerate(values)]
    return [to_js(v) for v in checked]


def column_value(value: Any) -> D1Value:
    """A value from a D1 row: BLOBs (JS arrays of byte numbers) become ``bytes``."""
    if isinstance(value, list):
        return bytes(value)  # pyright: ignore[reportUnknownArgumentType]
    return value


def row_from_py(row: Mapping[str, Any]) -> D1Row:
    """A row converted by the codec, with BLOBs as ``bytes``."""
    return {str(k): column_value(v) for k, v in row.items()}


def raw_row_from_py(row: Sequence[Any]) -> tuple[D1Value, ...]:
    """A ``raw()`` row converted by the codec, as a tuple with BLOBs as ``bytes``."""
    return tuple(column_value(v) for v in row)
