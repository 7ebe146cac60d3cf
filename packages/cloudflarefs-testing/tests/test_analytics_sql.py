"""The local Analytics Engine SQL API's evaluator (a TEST DOUBLE over recorded data points)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.testing.local_api.analytics_engine import QueryError, run_query, to_sqlite


def point(
    dataset: str, index: str, blobs: list[str], doubles: list[float], age_s: float = 0
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "dataset": dataset,
        "timestamp": (time.time() - age_s) * 1000,
        "_sample_interval": 1,
        "index1": index,
    }
    for i in range(20):
        row[f"blob{i + 1}"] = blobs[i] if i < len(blobs) else ""
        row[f"double{i + 1}"] = doubles[i] if i < len(doubles) else 0
    return row


def _json(points: list[dict[str, Any]], sql: str) -> dict[str, Any]:
    body, content_type = run_query(points, sql)
    assert content_type == "application/json"
    return json.loads(body)


blob = st.text(alphabet="abcxyz'", max_size=3)
points_strategy = st.lists(
    st.tuples(blob, st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)), max_size=30
)


@given(points_strategy)
def test_counts_and_sums_match_the_points(rows: list[tuple[str, float]]) -> None:
    points = [point("ds", "site", [b], [d]) for b, d in rows]
    [total] = _json(points, "SELECT count() AS n, SUM(double1) AS s FROM ds")["data"]
    assert total["n"] == str(len(rows))  # UInt64 is quoted, as ClickHouse sends it
    assert total["s"] == pytest.approx(sum(d for _, d in rows)) or (not rows and total["s"] is None)
    groups = _json(points, "SELECT blob1 AS b, count() AS n FROM ds GROUP BY b")["data"]
    assert {g["b"]: int(g["n"]) for g in groups} == {
        b: sum(1 for x, _ in rows if x == b) for b, _ in rows
    }


def test_the_time_window_and_the_formats() -> None:
    points = [
        point("hits", "a", ["x"], [1.0]),
        point("hits", "a", ["y"], [2.0], age_s=3 * 86400),
        point("other", "b", ["z"], [3.0]),
    ]
    recent = _json(
        points, "SELECT blob1 FROM hits WHERE timestamp > NOW() - INTERVAL '1' DAY FORMAT JSON"
    )
    assert recent["data"] == [{"blob1": "x"}]
    assert recent["meta"] == [{"name": "blob1", "type": "String"}]
    limited = _json(points, "SELECT blob1 FROM hits ORDER BY blob1 LIMIT 1")
    assert limited["rows"] == 1 and limited["rows_before_limit_at_least"] == 2
    tsv, _ = run_query(
        points, "SELECT blob1, double1 FROM hits ORDER BY blob1 FORMAT TabSeparatedWithNames"
    )
    assert tsv == b"blob1\tdouble1\nx\t1.0\ny\t2.0\n"
    csv, _ = run_query(points, "SELECT blob1 FROM hits ORDER BY blob1 FORMAT CSV")
    assert csv == b"x\ny\n"
    each, _ = run_query(points, "SELECT index1 FROM other FORMAT JSONEachRow;")
    assert each == b'{"index1": "b"}\n'
    assert _json([], "SELECT count() AS n FROM nothing_written")["data"] == [{"n": "0"}]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("DELETE FROM hits", "only SELECT"),
        ("SELECT 1 FORMAT Parquet", "unsupported format Parquet"),
        ("SELECT nosuch FROM hits", "no such column: nosuch"),
    ],
)
def test_queries_it_cannot_answer_are_refused(sql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query([point("hits", "a", [], [])], sql)


def test_clickhouse_forms_are_rewritten() -> None:
    query, fmt = to_sqlite(
        "SELECT count() FROM t WHERE timestamp >= NOW() - INTERVAL 2 HOUR FORMAT CSV"
    )
    assert query == "SELECT count(*) FROM t WHERE timestamp >= datetime('now', '-2 hour')"
    assert fmt == "CSV"
