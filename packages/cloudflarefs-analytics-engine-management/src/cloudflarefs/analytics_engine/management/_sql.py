"""SQL API results as Python values (pure): JSON into :class:`SqlResult`, CSV/TSV into rows.

The SQL API answers in the format the query's ``FORMAT`` clause names (ClickHouse names):
``JSON`` (the default), ``JSONEachRow``, ``TabSeparated``... This module picks the clause for
the format asked for when the query has none, and parses the answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Literal, TypeAlias

import attrs

from cloudflarefs.core.converter import extra_field, structure
from cloudflarefs.core.errors import InvalidInputError, ResponseDecodeError

__all__ = [
    "RowFormat",
    "SqlColumn",
    "SqlResult",
    "check_sql",
    "parse_json_result",
    "parse_rows",
    "with_format",
]

RowFormat: TypeAlias = Literal["csv", "tsv"]
"""Text result formats parsed into rows of dicts (the first line is the header)."""

_FORMAT_NAMES: dict[str, str] = {
    "json": "JSON",
    "csv": "CSVWithNames",
    "tsv": "TabSeparatedWithNames",
}
# A trailing FORMAT clause (optionally followed by a semicolon).
_FORMAT_CLAUSE = re.compile(r"\bFORMAT\s+([A-Za-z]+)\s*;?\s*$", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class SqlColumn:
    """One column of a JSON result: its name and ClickHouse type."""

    name: str
    type: str
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SqlResult:
    """A ``FORMAT JSON`` result: column metadata, rows as dicts and the row counts."""

    meta: list[SqlColumn] = attrs.field(factory=list[SqlColumn])
    """The columns, in order."""
    data: list[dict[str, Any]] = attrs.field(factory=list[dict[str, Any]])
    """The rows, each a dict keyed by column name."""
    rows: int = 0
    """How many rows ``data`` holds."""
    rows_before_limit_at_least: int | None = None
    """A lower bound of the rows before ``LIMIT`` (when the query has one)."""
    extra: dict[str, Any] = extra_field()

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.meta]


def check_sql(sql: str) -> str:
    """``sql`` stripped, or InvalidInputError when it is empty or not a string."""
    if not isinstance(sql, str) or not sql.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("sql must be a non-empty SQL string")
    return sql.strip()


def with_format(sql: str, fmt: Literal["json", "csv", "tsv"]) -> str:
    """``sql`` ending in the FORMAT clause of ``fmt``; a query naming another format is refused."""
    sql = check_sql(sql)
    wanted = _FORMAT_NAMES[fmt]
    match = _FORMAT_CLAUSE.search(sql)
    if match is None:
        return f"{sql.rstrip(';').rstrip()} FORMAT {wanted}"
    if match.group(1).lower() != wanted.lower():
        raise InvalidInputError(
            f"the query asks for FORMAT {match.group(1)}, but this method reads {wanted}; "
            "drop the FORMAT clause or use query_raw()"
        )
    return sql


_METHOD = "POST"
_PATH = "/accounts/{account_id}/analytics_engine/sql"


def _decode_error(content: bytes, message: str) -> ResponseDecodeError:
    return ResponseDecodeError(message, body=content, method=_METHOD, path=_PATH)


def parse_json_result(content: bytes) -> SqlResult:
    """A JSON body as :class:`SqlResult` (ResponseDecodeError names the failing field)."""
    try:
        data = json.loads(content)
    except ValueError:
        raise _decode_error(content, "SQL API answer is not JSON") from None
    return structure(data, SqlResult, body=content, method=_METHOD, path=_PATH)


_TSV_ESCAPES = {"b": "\b", "f": "\f", "r": "\r", "n": "\n", "t": "\t", "0": "\0", "'": "'"}


def _unescape_tsv(field: str) -> str:
    if "\\" not in field:
        return field
    out: list[str] = []
    chars = iter(field)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "\\")
            out.append(_TSV_ESCAPES.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def parse_rows(content: bytes, fmt: RowFormat) -> list[dict[str, str]]:
    """A CSV/TSV body whose first line is the header, as one dict per row (values as text)."""
    text = content.decode("utf-8", errors="replace")
    if fmt == "csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        table = [row for row in reader if row]
    else:
        table = [[_unescape_tsv(f) for f in line.split("\t")] for line in text.split("\n") if line]
    if not table:
        return []
    header, *rows = table
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise _decode_error(
                content,
                f"{fmt.upper()} line {number} has {len(row)} fields, the header has {len(header)}",
            )
    return [dict(zip(header, row, strict=True)) for row in rows]
