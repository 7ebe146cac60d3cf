# ruff: noqa: PT017  (bodies run inside Pyodide, where pytest.raises is unavailable)
"""The JS side of the Durable Object tests (shared by the test modules).

Python Durable Object classes cannot run in workerd offline, and ``DurableObjectStorage`` /
``SqlStorage`` cannot cross Miniflare's Node proxy. So ``Probe`` (a JS Durable Object) exposes
its real ``ctx.storage`` through an RpcTarget that forwards each call, and its real SQL through
an RpcTarget whose ``exec`` returns a plain snapshot of the cursor (columns, rows, counters).
"""

import datetime as dt

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.durable_objects.runtime import (
    DurableObjectId,
    DurableObjectNamespace,
    DurableObjectStorage,
    DurableObjectStub,
    SqlCursor,
    SqlStorage,
    StorageTransaction,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker

PROBE_DO = """
import { DurableObject, RpcTarget } from "cloudflare:workers";
class StorageFacade extends RpcTarget {
  constructor(s) { super(); this.s = s; }
  get(k, o) { return this.s.get(k, o); }
  put(k, v, o) { return this.s.put(k, v, o); }
  delete(k, o) { return this.s.delete(k, o); }
  list(o) { return this.s.list(o); }
  deleteAll() { return this.s.deleteAll(); }
  getAlarm() { return this.s.getAlarm(); }
  setAlarm(t) { return this.s.setAlarm(t); }
  deleteAlarm() { return this.s.deleteAlarm(); }
  sync() { return this.s.sync(); }
}
class SqlFacade extends RpcTarget {
  constructor(sql) { super(); this.sql = sql; }
  exec(q, ...b) {
    const c = this.sql.exec(q, ...b);
    const rows = [...c.raw()];
    return { columnNames: c.columnNames, rows, rowsRead: c.rowsRead, rowsWritten: c.rowsWritten };
  }
  databaseSize() { return this.sql.databaseSize; }
}
export class Probe extends DurableObject {
  async increment(by) {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + by;
    await this.ctx.storage.put("n", n);
    return n;
  }
  echo(value) { return { value, when: new Date(86400000) }; }
  whoAmI() { return { id: this.ctx.id.toString(), name: this.ctx.id.name ?? null }; }
  fail() { throw new TypeError("probe failed"); }
  alarm() {}
  storage() { return new StorageFacade(this.ctx.storage); }
  sql() { return new SqlFacade(this.ctx.storage.sql); }
  async fetch(request) {
    const url = new URL(request.url);
    return new Response(`${request.method} ${url.pathname} ${await request.text()}`, {
      status: 203, headers: { "x-probe": request.headers.get("x-in") ?? "" },
    });
  }
}
"""

BINDINGS = {
    "durable_objects": {"PROBE": {"class_name": "Probe", "sqlite": True}},
    "durable_object_script": PROBE_DO,
}

# Re-creates a cursor-shaped JS object from SqlFacade.exec's snapshot (run with run_js), so the
# Python SqlCursor/SqlStorage wrappers make the same JS calls they make on the real ones.
SQL_ADAPTER = """
(facade) => {
  const cursor = (s) => {
    const objs = s.rows.map((r) => Object.fromEntries(s.columnNames.map((c, i) => [c, r[i]])));
    return {
      columnNames: s.columnNames, rowsRead: s.rowsRead, rowsWritten: s.rowsWritten,
      toArray() { return objs; },
      one() {
        if (objs.length !== 1) throw new Error(`Expected exactly one result from SQL query, but got ${objs.length} results.`);
        return objs[0];
      },
      raw() { return s.rows[Symbol.iterator](); },
      [Symbol.iterator]() { return objs[Symbol.iterator](); },
    };
  };
  return { exec: (q, ...b) => cursor(facade.exec(q, ...b)), get databaseSize() { return facade.databaseSize(); } };
}
"""


@run_in_worker(bindings=BINDINGS)
async def test_namespace_ids_equality_and_jurisdiction(env):
    ns = DurableObjectNamespace(env.PROBE)
    a1, a2, b = ns.id_from_name("a"), ns.id_from_name("a"), ns.id_from_name("b")
    assert isinstance(a1, DurableObjectId) and a1.name == "a", a1
    assert a1 == a2 and a1 != b and len({a1, a2, b}) == 2
    hex_id = a1.to_string()
    assert len(hex_id) == 64 and str(a1) == hex_id and repr(a1) == f"DurableObjectId({hex_id!r})"
    rebuilt = ns.id_from_string(hex_id)
    assert rebuilt == a1 and rebuilt.name is None
    unique = ns.new_unique_id()
    assert unique != a1 and unique.name is None and unique.jurisdiction is None
    # workerd offline does not implement jurisdictions: the JS error surfaces as JsError.
    for make in (lambda: ns.new_unique_id(jurisdiction="eu"), lambda: ns.jurisdiction("eu")):
        try:
            make()
        except JsError as exc:
            assert "not implemented" in exc.js_message, exc
        else:
            raise AssertionError("expected workerd's 'not implemented' error")


@run_in_worker(bindings=BINDINGS)
async def test_namespace_rejects_bad_input_before_calling(env):
    ns = DurableObjectNamespace(env.PROBE)
    bad = [
        lambda: ns.id_from_name(""),
        lambda: ns.id_from_string("xyz"),
        lambda: ns.id_from_string("A" * 64),
        lambda: ns.new_unique_id(jurisdiction="mars"),
        lambda: ns.get("not-an-id"),
        lambda: ns.get(ns.id_from_name("a"), location_hint="moon"),
        lambda: ns.get_by_name("a", routing_mode="any"),
        lambda: ns.get_by_name(""),
        lambda: ns.jurisdiction("us"),
    ]
    for i, make in enumerate(bad):
        try:
            make()
        except InvalidInputError:
            pass
        else:
            raise AssertionError(f"bad input #{i} was accepted")


@run_in_worker(bindings=BINDINGS)
async def test_stub_rpc_fetch_and_identity(env):
    ns = DurableObjectNamespace(env.PROBE)
    stub = ns.get(ns.id_from_name("counter"), location_hint="weur")
    assert isinstance(stub, DurableObjectStub)
    assert await stub.call("increment", 2) == 2
    assert await stub.increment(3) == 5
    same = ns.get_by_name("counter", routing_mode="primary-only")
    assert await same.increment(1) == 6, "get_by_name reaches the same object"
    assert same.name == "counter" and same.id == ns.id_from_name("counter")
    who = await same.whoAmI()
    assert who == {"id": ns.id_from_name("counter").to_string(), "name": "counter"}, who
    echoed = await stub.echo({"b": b"\x00\xff", "n": None, "l": [1.5]})
    assert echoed == {
        "value": {"b": b"\x00\xff", "n": None, "l": [1.5]},
        "when": dt.datetime(1970, 1, 2, tzinfo=dt.UTC),
    }, echoed
    try:
        await stub.fail()
    except JsError as exc:
        # Miniflare's Node proxy loses errors thrown by Durable Object RPC methods: it fails
        # with its own "AssertionError [ERR_ASSERTION]: false == true" (workerd proper
        # rethrows the TypeError). Either way it surfaces as JsError.
        assert "probe failed" in exc.js_message or exc.name == "AssertionError", exc
    else:
        raise AssertionError("a throwing RPC method must raise JsError")
    response = await stub.fetch(
        "https://probe/path", method="POST", body="hi", headers={"x-in": "v"}
    )
    assert (response.status, response.headers["x-probe"]) == (203, "v")
    assert await response.text() == "POST /path hi"


@run_in_worker(bindings=BINDINGS)
async def test_storage_key_value_api_through_facade(env):
    """Real ctx.storage of a JS Durable Object, reached through the StorageFacade RpcTarget
    (see the module docstring)."""
    storage = DurableObjectStorage(
        await DurableObjectNamespace(env.PROBE).get_by_name("kv").storage()
    )
    assert await storage.get("missing") is None
    await storage.put("a", {"n": 1, "tags": ["x"], "raw": b"\x01\x02"})
    await storage.put("b", 2, allow_unconfirmed=True)
    await storage.put_many({"c": "three", "d": None, "e": 5.5})
    assert await storage.get("a", no_cache=True) == {"n": 1, "tags": ["x"], "raw": b"\x01\x02"}
    assert await storage.get_many(["a", "b", "zzz"]) == {
        "a": {"n": 1, "tags": ["x"], "raw": b"\x01\x02"},
        "b": 2,
    }
    listed = await storage.list()
    assert list(listed) == ["a", "b", "c", "d", "e"], listed
    assert listed["d"] is None
    assert list(await storage.list(start="b", end="d")) == ["b", "c"]
    assert list(await storage.list(start_after="b", limit=2)) == ["c", "d"]
    assert list(await storage.list(reverse=True, limit=2)) == ["e", "d"]
    assert list(await storage.list(prefix="c")) == ["c"]
    assert await storage.delete("a") is True and await storage.delete("a") is False
    assert await storage.delete_many(["b", "c", "nope"]) == 2
    await storage.sync()
    await storage.delete_all()
    assert await storage.list() == {}


@run_in_worker(bindings=BINDINGS)
async def test_storage_alarms_through_facade(env):
    """Alarm get/set/delete on the real storage of a JS Durable Object (through the facade)."""
    storage = DurableObjectStorage(
        await DurableObjectNamespace(env.PROBE).get_by_name("al").storage()
    )
    assert await storage.get_alarm() is None
    when = dt.datetime(2100, 1, 1, 12, 30, tzinfo=dt.UTC)
    await storage.set_alarm(when)
    assert await storage.get_alarm() == when
    await storage.set_alarm(4102444800000)  # epoch ms: 2100-01-01
    assert await storage.get_alarm() == dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    await storage.delete_alarm()
    assert await storage.get_alarm() is None


@run_in_worker(bindings=BINDINGS)
async def test_storage_rejects_bad_input_before_calling(env):
    storage = DurableObjectStorage(
        await DurableObjectNamespace(env.PROBE).get_by_name("v").storage()
    )
    bad = [
        lambda: storage.get(1),
        lambda: storage.get("k" * 2049),
        lambda: storage.get_many("abc"),
        lambda: storage.get_many([str(i) for i in range(129)]),
        lambda: storage.put_many({str(i): i for i in range(129)}),
        lambda: storage.delete_many([1]),
        lambda: storage.list(limit=0),
        lambda: storage.list(start="a", start_after="b"),
        lambda: storage.set_alarm(dt.datetime(2999, 1, 1)),
        lambda: storage.set_alarm("tomorrow"),
    ]
    for i, make in enumerate(bad):
        try:
            await make()
        except InvalidInputError:
            pass
        else:
            raise AssertionError(f"bad input #{i} was accepted")
    assert await storage.list() == {}, "nothing reached storage"


@run_in_worker(bindings=BINDINGS)
async def test_transaction_callback_and_context_manager(env):
    """The transaction wrapper against a JS stand-in for ``storage.transaction`` built in Node
    (callbacks cannot cross Miniflare's proxy into the Durable Object): its ``txn`` forwards to
    the real storage facade and it logs commit/abort, so rollback itself is the stand-in's."""
    from pyodide.code import run_js

    facade = await DurableObjectNamespace(env.PROBE).get_by_name("tx").storage()
    js_storage = run_js(
        """(f) => { const log = [];
          const txn = { get: (...a) => f.get(...a), put: (...a) => f.put(...a),
            delete: (...a) => f.delete(...a), list: (...a) => f.list(...a),
            rollback() { log.push("rollback"); } };
          return { log, transaction: async (cb) => {
            try { const r = await cb(txn); log.push("commit"); return r; }
            catch (e) { log.push("abort"); throw e; } } }; }"""
    )(facade)
    storage = DurableObjectStorage(js_storage)

    async def move(txn):
        assert isinstance(txn, StorageTransaction)
        await txn.put("x", 1)
        return await txn.get("x")

    assert await storage.transaction(move) == 1
    async with storage.transaction() as txn:
        await txn.put("y", 2)
        txn.rollback()

    class Boom(Exception):
        pass

    try:
        async with storage.transaction() as txn:
            await txn.put("z", 3)
            raise Boom("stop")
    except Boom:
        pass
    else:
        raise AssertionError("the block's exception must propagate")

    async def fails(txn):
        raise Boom("from callback")

    try:
        await storage.transaction(fails)
    except Boom as exc:
        assert str(exc) == "from callback"
    else:
        raise AssertionError("the callback's exception must propagate")
    assert list(js_storage.log) == ["commit", "rollback", "commit", "abort", "abort"], list(
        js_storage.log
    )


@pytest.mark.parametrize("adapter", [SQL_ADAPTER])
@run_in_worker(bindings=BINDINGS)
async def test_sql_exec_cursor_and_typed_rows(env, adapter):
    """SQL on the real SQLite storage of a JS Durable Object: SqlFacade.exec runs the query and
    snapshots the cursor; SQL_ADAPTER rebuilds a cursor-shaped JS object from it."""
    import attrs
    from pyodide.code import run_js

    facade = await DurableObjectNamespace(env.PROBE).get_by_name("sql").sql()
    sql = SqlStorage(run_js(adapter)(facade))
    sql.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB)")
    insert = sql.exec(
        "INSERT INTO items (name, price, data) VALUES (?, ?, ?), (?, ?, ?)",
        "pen",
        1.5,
        b"\x00\x01",
        "ink",
        None,
        None,
    )
    assert insert.rows_written == 2, insert.rows_written
    cursor = sql.exec("SELECT id, name, price, data FROM items ORDER BY id")
    assert isinstance(cursor, SqlCursor)
    assert cursor.column_names == ["id", "name", "price", "data"]
    assert cursor.to_list() == [
        {"id": 1, "name": "pen", "price": 1.5, "data": b"\x00\x01"},
        {"id": 2, "name": "ink", "price": None, "data": None},
    ]
    assert cursor.rows_read == 2
    assert sql.exec("SELECT name FROM items WHERE id = ?", 2).one() == {"name": "ink"}
    assert sql.exec("SELECT id, name FROM items ORDER BY id").raw() == [(1, "pen"), (2, "ink")]
    assert [r["id"] for r in sql.exec("SELECT id FROM items")] == [1, 2]
    assert [r["id"] async for r in sql.exec("SELECT id FROM items")] == [1, 2]

    @attrs.frozen
    class Item:
        id: int
        name: str

    assert sql.exec("SELECT id, name FROM items").to_list(into=Item) == [
        Item(1, "pen"),
        Item(2, "ink"),
    ]
    assert sql.exec("SELECT id, name FROM items WHERE id = 1").one(into=Item) == Item(1, "pen")
    assert sql.database_size > 0
    for make in (
        lambda: sql.exec("SELECT id FROM items").one(),
        lambda: sql.exec("SELEC nonsense"),
    ):
        try:
            make()
        except JsError:
            pass
        else:
            raise AssertionError("SQL errors must raise JsError")
    for bad in ({"a": 1}, 2**60, float("nan"), [1]):
        try:
            sql.exec("SELECT ?", bad)
        except InvalidInputError:
            pass
        else:
            raise AssertionError(f"binding {bad!r} was accepted")
    try:
        sql.exec("  ")
    except InvalidInputError:
        pass
    else:
        raise AssertionError("empty SQL was accepted")
