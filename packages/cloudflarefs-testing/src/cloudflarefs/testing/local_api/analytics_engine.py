"""Analytics Engine's SQL API over the data points the served Worker wrote (a TEST DOUBLE).

Miniflare's dataset keeps nothing, so the local API binds a recording double instead
(``harness/doubles.mjs``): every ``writeDataPoint`` becomes a row (``timestamp``,
``_sample_interval`` = 1, ``index1``, ``blob1..20``, ``double1..20``). ``POST
/accounts/{id}/analytics_engine/sql`` loads those rows into an in-memory SQLite table per dataset
and runs the query there, after rewriting the few ClickHouse forms simple queries use
(``NOW()``, ``NOW() - INTERVAL 'n' DAY``, ``count()``). It answers simple SELECTs (filters,
GROUP BY, ORDER BY, LIMIT, SUM/AVG/MIN/MAX/count) in the formats the service names (``JSON``,
the default, ``JSONEachRow``, ``TabSeparated[WithNames]``, ``CSV[WithNames]``); anything
SQLite cannot run is a 422 with the reason, as the service answers a bad query. It is not
ClickHouse: no sampling, no ClickHouse-only functions.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount
from cloudflarefs.testing.local_api._wire import Request, Response, Router

SQL = "/accounts/{account_id}/analytics_engine/sql"
_FORMAT = re.compile(r"\bFORMAT\s+([A-Za-z]+)\s*;?\s*$", re.IGNORECASE)
_INTERVAL = re.compile(
    r"NOW\(\)\s*([-+])\s*INTERVAL\s+'?(\d+)'?\s+(SECOND|MINUTE|HOUR|DAY|MONTH|YEAR)S?\b",
    re.IGNORECASE,
)
_TABLES = re.compile(r"\b(?:FROM|JOIN)\s+([A-Za-z_][\w]*)", re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+\d+(?:\s*(?:,|OFFSET)\s*\d+)?\s*$", re.IGNORECASE)
_COLUMNS = (
    ["timestamp TEXT", "_sample_interval INTEGER", "index1 TEXT"]
    + [f"blob{i} TEXT" for i in range(1, 21)]
    + [f"double{i} REAL" for i in range(1, 21)]
)


class QueryError(Exception):
    """The query cannot be answered (the service's 422)."""


def to_sqlite(sql: str) -> tuple[str, str]:
    """``(SQLite query, output format)`` for an Analytics Engine SQL query."""
    text = sql.strip()
    match = _FORMAT.search(text)
    fmt = match.group(1) if match else "JSON"
    if match:
        text = text[: match.start()]
    text = text.strip().rstrip(";").strip()
    if not re.match(r"(?is)^\s*(SELECT|WITH)\b", text):
        raise QueryError("only SELECT queries are supported")
    text = _INTERVAL.sub(
        lambda m: f"datetime('now', '{m.group(1)}{m.group(2)} {m.group(3).lower()}')", text
    )
    text = re.sub(r"\bNOW\(\)", "datetime('now')", text, flags=re.IGNORECASE)
    text = re.sub(r"\bcount\(\s*\)", "count(*)", text, flags=re.IGNORECASE)
    return text, fmt


def _load(points: list[dict[str, Any]], tables: set[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    names = tables | {str(p["dataset"]) for p in points}
    for name in names:
        db.execute(f'CREATE TABLE "{name}" ({", ".join(_COLUMNS)})')
    for p in points:
        when = datetime.fromtimestamp(float(p["timestamp"]) / 1000, UTC)
        row = [when.strftime("%Y-%m-%d %H:%M:%S"), p["_sample_interval"], p["index1"]]
        row += [p[f"blob{i}"] for i in range(1, 21)] + [p[f"double{i}"] for i in range(1, 21)]
        marks = ", ".join("?" * len(row))
        db.execute(f'INSERT INTO "{p["dataset"]}" VALUES ({marks})', row)
    return db


def _type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) for v in present):
        return "UInt64"
    if present and all(isinstance(v, int | float) for v in present):
        return "Float64"
    return "String"


def run_query(points: list[dict[str, Any]], sql: str) -> tuple[bytes, str]:
    """The body and content type answering ``sql`` over ``points``.

    Raises:
        QueryError: the query is not a SELECT, names an unknown format or fails in SQLite.
    """
    query, fmt = to_sqlite(sql)
    db = _load(points, set(_TABLES.findall(query)))
    try:
        cursor = db.execute(query)
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall()
        unlimited = _LIMIT.sub("", query)
        before = (
            rows if unlimited == query else db.execute(f"SELECT 1 FROM ({unlimited})").fetchall()
        )
    except sqlite3.Error as err:
        raise QueryError(f"cannot run the query: {err}") from None
    finally:
        db.close()
    types = [_type([r[i] for r in rows]) for i in range(len(columns))]

    def value(v: Any, t: str) -> Any:
        return str(v) if t == "UInt64" else v  # ClickHouse quotes 64-bit integers in JSON

    records = [{c: value(v, t) for c, v, t in zip(columns, r, types, strict=True)} for r in rows]
    name = fmt.lower()
    if name == "json":
        doc = {
            "meta": [{"name": c, "type": t} for c, t in zip(columns, types, strict=True)],
            "data": records,
            "rows": len(rows),
            "rows_before_limit_at_least": len(before),
        }
        return json.dumps(doc).encode(), "application/json"
    if name == "jsoneachrow":
        return "".join(json.dumps(r) + "\n" for r in records).encode(), "application/json"
    if name in ("tabseparated", "tabseparatedwithnames", "tsv", "tsvwithnames"):
        lines = [columns] if name.endswith("withnames") else []
        lines += [["" if v is None else str(v) for v in r] for r in rows]
        return "".join("\t".join(line) + "\n" for line in lines).encode(), "text/plain"
    if name in ("csv", "csvwithnames"):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if name == "csvwithnames":
            writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().encode(), "text/csv"
    raise QueryError(f"unknown or unsupported format {fmt}")


def register(router: Router, account: LocalAccount) -> None:
    """Add the SQL API route, answered from the recorded data points."""

    def query(request: Request) -> Response:
        sql = request.body.decode(errors="replace")
        try:
            body, content_type = run_query(account.doubles("ae_points"), sql)
        except QueryError as err:
            return Response(422, str(err).encode(), "text/plain")
        return Response(200, body, content_type)

    router.add("POST", SQL, query, spec=None)
