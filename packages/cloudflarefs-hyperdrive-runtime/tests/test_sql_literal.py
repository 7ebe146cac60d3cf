"""``sql_literal``: on the host (pure rules, property test) and against a real PostgreSQL, where
every literal must read back as the value it was made from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import InvalidInputError
from cloudflarefs.hyperdrive.runtime import Hyperdrive, PostgresConnection, sql_literal


def _unquote(literal: str) -> str:
    # The reading rules of Postgres string constants: '' is a quote; in E'' also \\ is a backslash.
    if literal.startswith("E'"):
        return literal[2:-1].replace("''", "'").replace("\\\\", "\\")
    assert literal.startswith("'") and literal.endswith("'"), literal
    return literal[1:-1].replace("''", "'")


@given(st.text().filter(lambda s: "\0" not in s))
def test_text_literals_read_back_and_never_end_early(text: str) -> None:
    literal = sql_literal(text)
    body = literal[2:-1] if literal.startswith("E'") else literal[1:-1]
    assert "'" not in body.replace("''", ""), "every quote inside is doubled"
    assert _unquote(literal) == text


def test_scalars() -> None:
    assert [sql_literal(v) for v in (None, True, False, 7, -7, 2.5, -0.5, Decimal("-1.10"))] == [
        "NULL", "TRUE", "FALSE", "7", "(-7)", "2.5::float8", "(-0.5)::float8", "(-1.10)",
    ]  # fmt: skip
    assert sql_literal(b"\x00\xff") == "E'\\\\x00ff'::bytea"
    assert sql_literal(memoryview(b"A")) == "E'\\\\x41'::bytea"


@pytest.mark.parametrize(
    "bad", ["a\0b", float("nan"), float("inf"), Decimal("NaN"), object(), [1], {"a": 1}]
)
def test_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        sql_literal(bad)


async def round_trip(env):
    import random

    rng = random.Random(9)
    alphabet = "'\\\"-;/*\n\t\r é€😀$x"
    texts = ["", "'", "''", "\\", "\\'", "it's", "--", "a--b", "$$", "E'x'", "😀"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(200)]
    numbers = [0, -1, 2**63 - 1, -(2**63), 1.5, -2.25e-300, Decimal("-12345.678900")]
    async with await PostgresConnection.connect(Hyperdrive(env.HD)) as pg:
        for scs in ("on", "off"):  # escape strings read the same either way
            await pg.query(f"set standard_conforming_strings = {scs}")
            row = (await pg.query("select " + ", ".join(sql_literal(t) for t in texts))).rows[0]
            assert list(row) == texts, (
                scs,
                [(t, r) for t, r in zip(texts, row, strict=True) if t != r],
            )
        got = (await pg.query("select " + ", ".join(sql_literal(n) for n in numbers))).rows[0]
        assert list(got) == numbers, got
        assert [type(n) for n in got] == [type(n) for n in numbers], got
        assert (await pg.query("select 1-" + sql_literal(-5))).rows == ((6,),), "no -- comment"
        blob = bytes(range(256))
        assert (await pg.query(f"select {sql_literal(blob)}")).rows == ((blob,),)
        assert (await pg.query(f"select {sql_literal(None)} is null")).rows == ((True,),)


def test_literals_round_trip_through_postgres(worker, hyperdrive_bindings):
    worker.configure(hyperdrive_bindings)
    worker.run(round_trip)
