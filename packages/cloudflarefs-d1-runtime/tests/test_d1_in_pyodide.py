"""Every public D1 method, run inside Pyodide against Miniflare's D1 (the harness)."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import attrs

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JS_NULL, JsError
from cloudflarefs.d1.runtime import (
    D1Database,
    D1DatabaseSession,
    D1Error,
    D1ExecResult,
    D1Meta,
    D1Result,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker

DB = {"d1": ["DB"]}


@run_in_worker(bindings=DB)
async def test_exec_prepare_bind_run_and_meta(env):
    db = D1Database(env.DB)
    done = await db.exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT, b BLOB)\n"
        "CREATE INDEX t_s ON t (s)"
    )
    assert done == D1ExecResult(count=2, duration=done.duration), done
    insert = db.prepare("INSERT INTO t (n, f, s, b) VALUES (?, ?, ?, ?)")
    first = await insert.bind(7, 1.5, "x", b"\x00\xff").run()
    assert isinstance(first, D1Result) and first.success and first.results == [], first
    assert isinstance(first.meta, D1Meta), first.meta
    assert (first.meta.changes, first.meta.last_row_id, first.meta.changed_db) == (1, 1, True)
    assert first.meta.rows_written >= 1 and first.meta.size_after > 0, first.meta
    assert first.meta.served_by == "miniflare.db", first.meta
    second = await insert.bind(None, JS_NULL, True, bytearray(b"ba")).run()
    assert second.meta.last_row_id == 2, second.meta
    third = await insert.bind(False, 2.0, "", memoryview(b"mv")).run()
    assert third.meta.last_row_id == 3, third.meta
    rows = (await db.prepare("SELECT * FROM t ORDER BY id").all()).results
    assert rows == [
        {"id": 1, "n": 7, "f": 1.5, "s": "x", "b": b"\x00\xff"},
        # D1 binds every number (True too) as REAL, so a TEXT column stores "1.0"; and a REAL
        # 2.0 reads back as int 2 (Pyodide turns integral JS numbers into int).
        {"id": 2, "n": None, "f": None, "s": "1.0", "b": b"ba"},
        {"id": 3, "n": 0, "f": 2, "s": "", "b": b"mv"},
    ], rows


@run_in_worker(bindings=DB)
async def test_first_all_raw_and_into(env):
    db = D1Database(env.DB)
    await db.exec("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT, avatar BLOB)")
    await (
        db.prepare("INSERT INTO u (name, avatar) VALUES (?, ?), (?, ?)")
        .bind("ann", b"\x01", "bob", None)
        .run()
    )
    q = db.prepare("SELECT id, name, avatar FROM u ORDER BY id")
    assert await q.first() == {"id": 1, "name": "ann", "avatar": b"\x01"}
    assert await q.first("name") == "ann"
    assert await db.prepare("SELECT * FROM u WHERE id = ?").bind(99).first() is None
    assert await db.prepare("SELECT name FROM u WHERE id = ?").bind(99).first("name") is None
    try:
        await q.first("nope")
        raise AssertionError("unknown column accepted")
    except D1Error as exc:
        assert exc.code == "D1_COLUMN_NOTFOUND", exc

    @attrs.frozen
    class User:
        id: int
        name: str
        avatar: bytes | None

    assert await q.first(into=User) == User(1, "ann", b"\x01")
    typed = await q.all(into=User)
    assert typed.results == [User(1, "ann", b"\x01"), User(2, "bob", None)], typed
    assert typed.meta.rows_read >= 2, typed.meta
    assert await q.raw() == [(1, "ann", b"\x01"), (2, "bob", None)]
    assert await q.raw(column_names=True) == [
        ("id", "name", "avatar"),
        (1, "ann", b"\x01"),
        (2, "bob", None),
    ]


@run_in_worker(bindings=DB)
async def test_batch_is_atomic_and_returns_results(env):
    db = D1Database(env.DB)
    await db.exec("CREATE TABLE k (v INTEGER)")
    results = await db.batch(
        [
            db.prepare("INSERT INTO k VALUES (?)").bind(1),
            db.prepare("INSERT INTO k VALUES (?)").bind(2),
            db.prepare("SELECT sum(v) AS total FROM k"),
        ]
    )
    assert [r.meta.changes for r in results[:2]] == [1, 1], results
    assert results[2].results == [{"total": 3}], results[2]
    try:
        await db.batch([db.prepare("INSERT INTO k VALUES (9)"), db.prepare("SELEC oops")])
        raise AssertionError("bad SQL accepted")
    except D1Error as exc:
        assert exc.code == "D1_ERROR" and "syntax error" in exc.js_message, exc
    assert await db.prepare("SELECT count(*) AS c FROM k").first("c") == 2, "batch rolled back"


@run_in_worker(bindings=DB)
async def test_sessions_and_bookmarks(env):
    db = D1Database(env.DB)
    await db.exec("CREATE TABLE s (v TEXT)")
    session = db.with_session("first-primary")
    assert isinstance(session, D1DatabaseSession)
    assert session.bookmark is None, "no query yet"
    await session.prepare("INSERT INTO s VALUES (?)").bind("a").run()
    bookmark = session.bookmark
    assert isinstance(bookmark, str) and bookmark, bookmark
    later = db.with_session(bookmark)
    results = await later.batch([later.prepare("SELECT v FROM s")])
    assert results[0].results == [{"v": "a"}], results
    assert await db.with_session().prepare("SELECT v FROM s").first("v") == "a"
    assert db.with_session("first-unconstrained").bookmark is None


@run_in_worker(bindings=DB)
async def test_large_ints_floats_and_js_errors(env):
    db = D1Database(env.DB)
    await db.exec("CREATE TABLE big (n INTEGER)")
    # Beyond 2**53 D1 cannot bind an int: bind it as text, INTEGER affinity stores it exactly.
    await db.prepare("INSERT INTO big VALUES (?)").bind(str(2**60 + 1)).run()
    assert await db.prepare("SELECT CAST(n AS TEXT) AS t FROM big").first("t") == str(2**60 + 1)
    # Reading it back as a number loses precision (D1 returns a JS number): documented.
    assert isinstance(await db.prepare("SELECT n FROM big").first("n"), float)
    try:
        await db.exec("SELEC 1")
        raise AssertionError("bad exec accepted")
    except D1Error as exc:
        assert exc.code == "D1_EXEC_ERROR" and isinstance(exc, JsError), exc
    try:
        await db.prepare("SELECT * FROM missing").all()
        raise AssertionError("missing table accepted")
    except D1Error as exc:
        assert "no such table" in str(exc), exc


@run_in_worker(bindings=DB)
async def test_bad_input_raises_before_calling_d1(env):
    db = D1Database(env.DB)
    stmt = db.prepare("SELECT ?")
    bad = [
        lambda: stmt.bind({"a": 1}),
        lambda: stmt.bind([1]),
        lambda: stmt.bind(2**53),
        lambda: stmt.bind(float("nan")),
        lambda: db.prepare(""),
        lambda: db.prepare("   "),
        lambda: db.with_session(""),
    ]
    for i, make in enumerate(bad):
        try:
            make()
            raise AssertionError(f"case {i} accepted")
        except InvalidInputError as exc:
            assert str(exc), i
    for coro in (db.exec(""), db.batch([]), db.batch(["SELECT 1"])):
        try:
            await coro
            raise AssertionError("bad input accepted")
        except InvalidInputError:
            pass
    # The largest bindable ints cross as exact numbers (Pyodide alone would make them BigInt).
    assert await stmt.bind(2**53 - 1).first() == {"?": 2**53 - 1}
    assert await stmt.bind(-(2**40)).first() == {"?": -(2**40)}


@run_in_worker(bindings=DB)
async def test_dump_is_unsupported_offline(env):
    # Miniflare does not implement dump(): it answers D1_DUMP_ERROR. Only the error path is
    # testable offline; the success path (bytes of a SQLite file) needs Cloudflare.
    try:
        await D1Database(env.DB).dump()
        raise AssertionError("dump worked offline")
    except D1Error as exc:
        assert exc.code == "D1_DUMP_ERROR", exc


@run_in_worker(bindings=DB)
async def test_bind_checks_the_parameter_count_before_running(env):
    from cloudflarefs.core import InvalidInputTypeError

    db = D1Database(env.DB)
    await db.exec("CREATE TABLE t (a TEXT, b TEXT)")
    insert = db.prepare("INSERT INTO t VALUES (?, ?) -- a comment with ?")
    for params in ((), ("only one",), ("1", "2", "3")):
        try:
            insert.bind(*params)
            raise AssertionError(f"bind{params!r} accepted")
        except InvalidInputError as exc:
            assert "takes 2 parameters, bind() got" in str(exc), str(exc)
            assert not isinstance(exc, InvalidInputTypeError), "a count is not a type"
    await insert.bind("x", "it's ?").run()
    numbered = db.prepare("SELECT ?2 AS second, ?1 AS first, '?' AS literal")
    row = await numbered.bind("one", "two").first()
    assert row == {"second": "two", "first": "one", "literal": "?"}, row
    try:
        numbered.bind("one")
        raise AssertionError("?2 with one parameter accepted")
    except InvalidInputError as exc:
        assert "takes 2 parameters" in str(exc), str(exc)
    # A named parameter cannot be counted for sure: bind() does not guess (D1 decides at run).
    assert db.prepare("SELECT :x AS v").bind().sql == "SELECT :x AS v"
    assert await db.prepare("SELECT count(*) AS n FROM t").first("n") == 1
