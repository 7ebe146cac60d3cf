"""The parameter counter behind ``bind``'s count check, against SQLite itself.

Hypothesis builds ``SELECT`` statements from parameters (``?``, ``?NNN``), string literals,
quoted aliases and comments that may contain ``?``; Python's ``sqlite3`` (the engine D1 runs)
says how many parameters each takes.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudflarefs.d1.runtime._placeholders import parameter_count

noise = st.text(alphabet="ab ?'\"`[]-*/;:@$\n", max_size=8)


def _quoted(open_: str, close: str, body: str) -> str:
    escaped = body if open_ == "[" else body.replace(close, close * 2)
    return f"{open_}{escaped if open_ != '[' else body.replace(']', '')}{close}"


atoms = st.one_of(
    st.just("?"),
    st.integers(1, 30).map(lambda n: f"?{n}"),
    st.integers(0, 99).map(str),
    noise.map(lambda t: _quoted("'", "'", t)),
)
aliases = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(['""', "``", "[]"]), noise).map(
        lambda p: " AS " + _quoted(p[0][0], p[0][1], p[1] or "x")
    ),
)
comments = st.one_of(
    st.just(""),
    noise.map(lambda t: " /* " + t.replace("*/", "") + " */ "),
    noise.map(lambda t: " -- " + t.replace("\n", "") + "\n"),
)
items = st.tuples(atoms, aliases, comments).map("".join)
selects = st.lists(items, min_size=1, max_size=8).map(lambda xs: "SELECT " + ", ".join(xs))


def sqlite_count(sql: str) -> int:
    """How many parameters SQLite says ``sql`` takes."""
    conn = sqlite3.connect(":memory:")
    try:
        with pytest.raises(sqlite3.ProgrammingError) as caught:
            conn.execute(sql, [None] * 200)  # more than any generated statement takes
    finally:
        conn.close()
    found = re.search(r"uses (\d+)", str(caught.value))
    assert found, caught.value
    return int(found.group(1))


@given(selects)
@settings(max_examples=300)
def test_the_count_matches_sqlite(sql: str) -> None:
    assert parameter_count(sql) == sqlite_count(sql), sql


@pytest.mark.parametrize(
    ("sql", "count"),
    [
        ("SELECT 1", 0),
        ("SELECT ?, ?", 2),
        ("SELECT ?2, ?", 3),  # a bare ? follows the largest number so far
        ("SELECT ?3, ?1", 3),
        ("SELECT '?', \"?\", `?`, [?] -- ?\n /* ? */ , ?", 1),
        ("SELECT 'it''s ?', ?", 1),
        ("SELECT ? ; -- trailing comment", 1),
        ("SELECT a$b FROM t WHERE x = ?", 1),
        ("SELECT ? /* open comment ?", 1),
        ("SELECT :name", None),  # named parameters: D1 does not support them, so no check
        ("SELECT @name, ?", None),
        ("SELECT $name", None),
        ("SELECT 1; SELECT ?", None),  # two statements
        ("SELECT 'unterminated ?", None),
        ("SELECT ?0", None),
    ],
)
def test_known_cases(sql: str, count: int | None) -> None:
    assert parameter_count(sql) == count
