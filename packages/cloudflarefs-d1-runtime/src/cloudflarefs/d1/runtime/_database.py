"""``D1Database``, its prepared statements and sessions: thin typed façades over the binding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal, TypeVar, overload

from cloudflarefs.core import (
    InvalidInputError,
    InvalidInputTypeError,
    ResponseDecodeError,
    require_items,
)
from cloudflarefs.core.js import from_js, to_js
from cloudflarefs.d1.runtime._errors import call_d1, d1_errors
from cloudflarefs.d1.runtime._placeholders import parameter_count
from cloudflarefs.d1.runtime._results import (
    D1ExecResult,
    D1Result,
    exec_result_from_py,
    result_from_py,
    rows_into,
)
from cloudflarefs.d1.runtime._values import (
    D1Param,
    D1Row,
    D1Value,
    bind_params,
    check_sql,
    column_value,
    raw_row_from_py,
    row_from_py,
)

T = TypeVar("T")

SessionConstraint = Literal["first-primary", "first-unconstrained"]
"""Where a session's first query may run: the primary, or any replica."""

_CONSTRAINTS: Final = ("first-primary", "first-unconstrained")


class D1PreparedStatement:
    """A prepared SQL statement; :meth:`bind` returns a new statement with parameters.

    Build it with :meth:`D1Database.prepare` (or a session's ``prepare``), not directly.
    """

    __slots__ = ("_js", "_param_count", "sql")

    def __init__(self, js_statement: Any, sql: str, param_count: int = 0) -> None:
        self._js: Any = js_statement
        self.sql: str = sql
        """The SQL text."""
        self._param_count = param_count

    def __repr__(self) -> str:
        # Parameters may be sensitive: show only how many are bound.
        return f"D1PreparedStatement({self.sql!r}, params={self._param_count})"

    def bind(self, *params: D1Param) -> D1PreparedStatement:
        """Bind positional parameters (``?`` / ``?NNN``) and return the bound statement.

        Accepts ``None`` (SQL NULL), ``bool`` (stored as 1/0), ``int`` within ±(2**53-1),
        finite ``float``, ``str`` and bytes-likes (BLOB). Anything else raises
        :class:`~cloudflarefs.core.InvalidInputTypeError` before D1 is called.

        When the number of parameters can be read from the SQL (``?`` and ``?NNN``, outside
        strings, quoted names and comments), binding a different number raises
        :class:`~cloudflarefs.core.InvalidInputError` here rather than when the statement runs.
        """
        expected = parameter_count(self.sql)
        if expected is not None and len(params) != expected:
            raise InvalidInputError(
                f"this statement takes {expected} parameter{'' if expected == 1 else 's'}, "
                f"bind() got {len(params)}"
            )
        values = bind_params(params)
        with d1_errors():
            bound = self._js.bind(*values)
        return D1PreparedStatement(bound, self.sql, len(values))

    @overload
    async def first(self) -> D1Row | None: ...
    @overload
    async def first(self, column: str) -> D1Value: ...
    @overload
    async def first(self, *, into: type[T]) -> T | None: ...
    async def first(self, column: str | None = None, *, into: type[Any] | None = None) -> Any:
        """The first row (``None`` when there is none), one column of it, or the row as ``into``.

        ``first("col")`` raises :class:`D1Error` (``D1_COLUMN_NOTFOUND``) for an unknown column
        and returns ``None`` when there is no row.
        """
        if column is not None and into is not None:
            raise InvalidInputError("pass either column or into, not both")
        if column is not None:
            if not isinstance(column, str) or not column:  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputError("column must be a non-empty str")
            value = from_js(await call_d1(lambda: self._js.first(column)), objects="all")
            return column_value(value)
        data = from_js(await call_d1(lambda: self._js.first()), objects="all")
        if data is None:
            return None
        row = row_from_py(data)
        return row if into is None else rows_into([row], into)[0]

    @overload
    async def all(self) -> D1Result[D1Row]: ...
    @overload
    async def all(self, *, into: type[T]) -> D1Result[T]: ...
    async def all(self, *, into: type[Any] | None = None) -> D1Result[Any]:
        """Every row with metadata; ``into=`` structures each row into an attrs class."""
        result = result_from_py(from_js(await call_d1(lambda: self._js.all()), objects="all"))
        if into is None:
            return result
        return D1Result(
            results=rows_into(result.results, into), meta=result.meta, success=result.success
        )

    async def run(self) -> D1Result[D1Row]:
        """Execute the statement; use ``meta`` for ``changes`` and ``last_row_id``."""
        return result_from_py(from_js(await call_d1(lambda: self._js.run()), objects="all"))

    async def raw(self, *, column_names: bool = False) -> list[tuple[D1Value, ...]]:
        """Rows as tuples in column order; ``column_names=True`` puts the names first."""
        options = to_js({"columnNames": bool(column_names)})
        data = from_js(await call_d1(lambda: self._js.raw(options)), objects="all")
        if not isinstance(data, list):
            raise ResponseDecodeError(f"expected raw rows, got {type(data).__name__}")
        return [raw_row_from_py(row) for row in data]  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]


def _js_statements(statements: Sequence[D1PreparedStatement]) -> Any:
    items = require_items(statements, "batch statements")
    if not items:
        raise InvalidInputError("batch needs at least one statement")
    for i, stmt in enumerate(items):
        if not isinstance(stmt, D1PreparedStatement):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"batch item {i} is {type(stmt).__name__}, not a D1PreparedStatement"
            )
    return to_js([s._js for s in items])  # pyright: ignore[reportPrivateUsage]


async def _batch(js_owner: Any, statements: Sequence[D1PreparedStatement]) -> list[D1Result[D1Row]]:
    js_list = _js_statements(statements)
    data = from_js(await call_d1(lambda: js_owner.batch(js_list)), objects="all")
    if not isinstance(data, list):
        raise ResponseDecodeError(f"expected a list of D1 results, got {type(data).__name__}")
    return [result_from_py(item) for item in data]  # pyright: ignore[reportUnknownVariableType]


def _prepare(js_owner: Any, sql: str) -> D1PreparedStatement:
    check_sql(sql)
    with d1_errors():
        js_statement = js_owner.prepare(sql)
    return D1PreparedStatement(js_statement, sql)


class D1DatabaseSession:
    """A sequentially consistent session (read replication); see :meth:`D1Database.with_session`."""

    __slots__ = ("_js",)

    def __init__(self, js_session: Any) -> None:
        self._js: Any = js_session

    def prepare(self, sql: str) -> D1PreparedStatement:
        """Prepare ``sql`` within this session."""
        return _prepare(self._js, sql)

    async def batch(self, statements: Sequence[D1PreparedStatement]) -> list[D1Result[D1Row]]:
        """Run statements from this session's ``prepare`` atomically, in order."""
        return await _batch(self._js, statements)

    @property
    def bookmark(self) -> str | None:
        """The latest bookmark (``None`` before the first query); pass it to a later
        :meth:`D1Database.with_session` to continue where this session left off."""
        with d1_errors():
            value = from_js(self._js.getBookmark())
        return None if value is None else str(value)


class D1Database:
    """Typed façade over a D1 binding: ``db = D1Database(env.DB)``."""

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("D1Database needs a D1 binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "D1Database(<binding>)"

    def prepare(self, sql: str) -> D1PreparedStatement:
        """Prepare one SQL statement; chain :meth:`D1PreparedStatement.bind` for parameters."""
        return _prepare(self._js, sql)

    async def batch(self, statements: Sequence[D1PreparedStatement]) -> list[D1Result[D1Row]]:
        """Run statements atomically in order (a failure rolls all of them back)."""
        return await _batch(self._js, statements)

    async def exec(self, sql: str) -> D1ExecResult:
        """Run one or more newline-separated statements without parameters or rows.

        Slower and less safe than prepared statements; meant for migrations and setup.
        """
        check_sql(sql)
        return exec_result_from_py(
            from_js(await call_d1(lambda: self._js.exec(sql)), objects="all")
        )

    def with_session(
        self, constraint_or_bookmark: SessionConstraint | str | None = None
    ) -> D1DatabaseSession:
        """Start a session: ``"first-primary"``, ``"first-unconstrained"`` (the default) or a
        bookmark from an earlier session's :attr:`D1DatabaseSession.bookmark`."""
        if constraint_or_bookmark is not None:
            if not isinstance(constraint_or_bookmark, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputTypeError("with_session takes a constraint or bookmark str")
            if not constraint_or_bookmark.strip():
                raise InvalidInputError(
                    f"with_session needs one of {', '.join(_CONSTRAINTS)} or a bookmark, got ''"
                )
        with d1_errors():
            js_session = (
                self._js.withSession()
                if constraint_or_bookmark is None
                else self._js.withSession(constraint_or_bookmark)
            )
        return D1DatabaseSession(js_session)

    async def dump(self) -> bytes:
        """The database as a SQLite file (deprecated by Cloudflare; unsupported by Miniflare,
        where it raises :class:`D1Error` ``D1_DUMP_ERROR``)."""
        data = from_js(await call_d1(lambda: self._js.dump()))
        if not isinstance(data, bytes):
            raise ResponseDecodeError(f"expected the dump as bytes, got {type(data).__name__}")
        return data
