"""SQL storage of SQLite-backed Durable Objects: ``storage.sql.exec(...)`` and its cursor."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar, overload

from cloudflarefs.core import (
    InvalidInputError,
    InvalidInputTypeError,
    ResponseDecodeError,
    structure,
)
from cloudflarefs.core.js import JS_NULL, MAX_SAFE_INTEGER, from_js, js_errors, to_js

T = TypeVar("T")

SqlValue = int | float | str | bytes | None
"""A value SQLite hands back: INTEGER, REAL, TEXT, BLOB or NULL."""
SqlParam = int | float | str | bytes | bytearray | memoryview | bool | None
"""A value :meth:`SqlStorage.exec` can bind (``bool`` is stored as 1/0)."""
SqlRow = dict[str, SqlValue]
"""One row, keyed by column name."""


def bind_value(value: SqlParam, index: int) -> Any:
    """Validate and convert one binding; raises :class:`InvalidInputError` for other types."""
    if value is None:
        return to_js(JS_NULL)  # SQL NULL is JS null; None would be undefined
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InvalidInputError(
                f"binding {index}: {value} is outside ±(2**53-1); bind it as str"
            )
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"binding {index}: SQLite cannot store {value}")
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):  # pyright: ignore[reportUnnecessaryIsInstance]
        return to_js(bytes(value)).buffer  # SqlStorage takes an ArrayBuffer for BLOBs
    raise InvalidInputTypeError(
        f"binding {index}: unsupported type {type(value).__name__} "
        "(use int, float, str, bytes, bool or None)"
    )


def _row(data: Any) -> SqlRow:
    if not isinstance(data, dict):
        raise ResponseDecodeError(f"expected a row object, got {type(data).__name__}")
    return {str(k): v for k, v in data.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]


class SqlCursor:
    """The result of :meth:`SqlStorage.exec`. Iterate it (``for``/``async for``) for rows as
    dicts, or read everything with :meth:`to_list`, :meth:`one` or :meth:`raw`.

    Like the JS cursor it wraps, it is consumed once. ``rows_read``/``rows_written`` are final
    after the rows have been read.
    """

    __slots__ = ("_js",)

    def __init__(self, js_cursor: Any) -> None:
        self._js: Any = js_cursor

    @property
    def column_names(self) -> list[str]:
        """The result's column names, in order."""
        names: list[Any] = from_js(self._js.columnNames) or []
        return [str(c) for c in names]

    @property
    def rows_read(self) -> int:
        """Rows SQLite read (billing unit)."""
        return int(from_js(self._js.rowsRead) or 0)

    @property
    def rows_written(self) -> int:
        """Rows SQLite wrote (billing unit)."""
        return int(from_js(self._js.rowsWritten) or 0)

    @overload
    def to_list(self) -> list[SqlRow]: ...
    @overload
    def to_list(self, *, into: type[T]) -> list[T]: ...
    def to_list(self, *, into: type[Any] | None = None) -> list[Any]:
        """Every remaining row; ``into=`` structures each into an attrs class."""
        with js_errors():
            data = from_js(self._js.toArray(), objects="all")
        items: list[Any] = data or []
        rows = [_row(r) for r in items]
        return rows if into is None else [structure(r, into) for r in rows]

    @overload
    def one(self) -> SqlRow: ...
    @overload
    def one(self, *, into: type[T]) -> T: ...
    def one(self, *, into: type[Any] | None = None) -> Any:
        """The single row; raises :class:`~cloudflarefs.core.js.JsError` unless there is
        exactly one."""
        with js_errors():
            row = _row(from_js(self._js.one(), objects="all"))
        return row if into is None else structure(row, into)

    def raw(self) -> list[tuple[SqlValue, ...]]:
        """Remaining rows as tuples in column order."""
        with js_errors():
            data = self._js.raw()
            rows = from_js(data)
            if not isinstance(rows, list):  # the real cursor gives an iterator
                rows = [from_js(r) for r in data]
        return [tuple(r) for r in rows]  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]

    def __iter__(self) -> Iterator[SqlRow]:
        with js_errors():
            for js_row in self._js:
                yield _row(from_js(js_row, objects="all"))

    async def __aiter__(self) -> AsyncIterator[SqlRow]:
        # SQL storage is synchronous in workerd; async iteration is for symmetry with D1.
        for row in self:
            yield row

    def __repr__(self) -> str:
        return "SqlCursor()"


class SqlStorage:
    """``ctx.storage.sql``: ``SqlStorage(ctx.storage.sql)`` or ``storage.sql``."""

    __slots__ = ("_js",)

    def __init__(self, js_sql: Any) -> None:
        self._js: Any = js_sql

    def exec(self, query: str, *bindings: SqlParam) -> SqlCursor:
        """Run ``query`` (``?`` placeholders bound to ``bindings``) and return its cursor.

        Bad bindings raise :class:`~cloudflarefs.core.InvalidInputError` before SQLite is
        called; SQL errors raise :class:`~cloudflarefs.core.js.JsError`.
        """
        if not isinstance(query, str) or not query.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("query must be a non-empty str")
        values = [bind_value(v, i) for i, v in enumerate(bindings, start=1)]
        with js_errors():
            return SqlCursor(self._js.exec(query, *values))

    @property
    def database_size(self) -> int:
        """Size of the object's SQLite database, in bytes."""
        with js_errors():
            return int(from_js(self._js.databaseSize) or 0)

    def __repr__(self) -> str:
        return "SqlStorage()"
