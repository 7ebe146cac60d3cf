"""The cloudflarefs.core.js codec running inside Pyodide against real Miniflare bindings."""

import datetime as dt

from cloudflarefs.core.js import (
    JS_NULL,
    JsConversionError,
    JsError,
    call_js,
    from_js,
    js_errors,
    to_js,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker(bindings={"kv": ["KV"]})
async def test_kv_bytes_roundtrip_is_copied(env):
    payload = bytearray(b"\x00\x01binary\xff")
    put = env.KV.put("blob", to_js(payload), to_js({"metadata": {"kind": "bin"}}))
    payload[0] = 0x7F  # mutating our buffer after the call must not change what is stored
    await put
    got = await env.KV.getWithMetadata("blob", "arrayBuffer")
    value = from_js(got, objects="all")
    assert value["value"] == b"\x00\x01binary\xff"
    assert value["metadata"] == {"kind": "bin"}
    assert from_js(await env.KV.get("missing")) is None


@run_in_worker(bindings={"d1": ["DB"]})
async def test_d1_binds_js_null_and_blob(env):
    await env.DB.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, data BLOB)")
    stmt = env.DB.prepare("INSERT INTO t (id, note, data) VALUES (?, ?, ?)")
    await stmt.bind(1, to_js(JS_NULL), to_js(b"\x01\x02")).run()
    row = from_js(await env.DB.prepare("SELECT note, data, typeof(note) AS t FROM t").first())
    assert row["note"] is None
    assert row["t"] == "null"
    assert bytes(row["data"]) == b"\x01\x02"  # D1 BLOBs come back as a list of ints


@run_in_worker(bindings={"d1": ["DB"]})
async def test_d1_rejects_undefined_and_big_ints(env):
    await env.DB.exec("CREATE TABLE t (v)")
    stmt = env.DB.prepare("INSERT INTO t VALUES (?)")
    # No pytest inside Pyodide: capture the exceptions, then assert on them.
    bind_error = big_int_error = None
    try:
        with js_errors():
            await stmt.bind(to_js(None)).run()
    except JsError as e:
        bind_error = e
    try:
        to_js(2**60)
    except JsConversionError as e:
        big_int_error = e
    assert bind_error is not None, "binding undefined should fail"
    assert "undefined" in bind_error.js_message
    assert big_int_error is not None, "2**60 must not silently lose precision"


@run_in_worker(bindings={"r2": ["B"]})
async def test_r2_date_fields_become_aware_datetimes(env):
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    opts = {"httpMetadata": {"contentType": "text/plain", "cacheExpiry": expiry}}
    await env.B.put("k", "hello", to_js(opts))
    head = from_js(await env.B.head("k"), objects="all")
    assert head["uploaded"].tzinfo is not None
    assert head["uploaded"] > before
    assert head["httpMetadata"]["cacheExpiry"] == expiry
    body = await env.B.get("k")
    assert from_js(await body.arrayBuffer()) == b"hello"


@run_in_worker(bindings={"kv": ["KV"]})
async def test_js_errors_carry_name_and_message(env):
    error = None
    try:
        await call_js(env.KV.put("k", "v", to_js({"expirationTtl": 1})))
    except JsError as e:
        error = e
    assert error is not None, "ttl below 60 should be rejected"
    assert error.name == "Error"
    assert "60" in error.js_message  # Miniflare: expirationTtl must be at least 60


def test_wait_until_runs_background_work_to_completion(worker, tmp_path):
    (tmp_path / "entry.py").write_text(
        "from cloudflarefs.core.js import wait_until\n"
        "from workers import Response\n"
        "async def on_fetch(request, env, ctx):\n"
        "    async def later():\n"
        "        await env.KV.put('bg', 'done')\n"
        "    wait_until(ctx, later())\n"
        "    return Response('queued')\n"
    )
    worker.load_module(tmp_path, "entry", bindings={"kv": ["KV"]})
    assert worker.fetch("/").text == "queued"

    async def read(env):
        return await env.KV.get("bg")

    assert worker.run(read) == "done"


@run_in_worker(bindings={"d1": ["DB"]})
async def test_large_safe_ints_cross_as_numbers(env):
    from js import Number  # a JS global: importable only inside Pyodide

    big = 2**53 - 1
    converted = to_js(big)
    assert Number.isSafeInteger(converted), f"{big} must cross as a JS number, not a BigInt"
    await env.DB.exec("CREATE TABLE n (v INTEGER)")
    await env.DB.prepare("INSERT INTO n VALUES (?)").bind(to_js(2**40 + 3)).run()
    row = from_js(await env.DB.prepare("SELECT v, typeof(v) AS t FROM n").first())
    assert row["v"] == 2**40 + 3, row
