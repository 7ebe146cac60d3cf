# ruff: noqa: PT017  (bodies run inside Pyodide, where pytest.raises is unavailable)
"""Fetcher, Env, VersionMetadata, ExecutionContext and ScheduledController run inside Pyodide
against real Miniflare bindings (service bindings to a JS WorkerEntrypoint, vars, secrets,
version metadata)."""

import datetime as dt

from cloudflarefs.core import ConfigurationError, InvalidInputError
from cloudflarefs.core.js import JsError, to_js
from cloudflarefs.testing.pytest_plugin import run_in_worker
from cloudflarefs.workers.runtime import (
    Env,
    ExecutionContext,
    Fetcher,
    FetchResponse,
    ScheduledController,
    Secret,
    VersionMetadata,
    binding,
)

SERVICE = """
import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint {
  async fetch(request) {
    const url = new URL(request.url);
    const body = await request.arrayBuffer();
    return Response.json({
      method: request.method, path: url.pathname, tag: request.headers.get("x-tag"),
      size: body.byteLength, first: new Uint8Array(body)[0] ?? null,
    }, { status: url.pathname === "/missing" ? 404 : 200, headers: { "x-served-by": "svc" } });
  }
  add(a, b) { return a + b; }
  describe(obj) { return { keys: Object.keys(obj).sort(), when: new Date(0), list: [1, null] }; }
  fail() { throw new RangeError("nope"); }
  asJson(...args) { return JSON.stringify(args); }
}
"""
SVC = {"services": {"SVC": "svc"}, "workers": {"svc": SERVICE}}


@run_in_worker(bindings=SVC)
async def test_fetcher_fetch_url_and_request(env):
    svc = Fetcher(env.SVC)
    r = await svc.fetch(
        "http://svc/items", method="put", headers={"X-Tag": "t1"}, body=b"\x00\x01\x02"
    )
    assert isinstance(r, FetchResponse)
    assert (r.status, r.ok, r.headers["x-served-by"]) == (200, True, "svc"), r.headers
    assert await r.json() == {"method": "PUT", "path": "/items", "tag": "t1", "size": 3, "first": 0}

    import js

    request = js.Request.new("http://svc/from-request", to_js({"method": "POST", "body": "abc"}))
    r2 = await svc.fetch(request, headers={"x-tag": "override"})
    data = await r2.json()
    assert data == {
        "method": "POST",
        "path": "/from-request",
        "tag": "override",
        "size": 3,
        "first": 97,
    }, data

    r3 = await svc.fetch("http://svc/missing")
    assert (r3.status, r3.ok) == (404, False)
    raw = await r3.bytes()
    assert isinstance(raw, bytes) and raw.startswith(b"{"), raw
    r4 = await svc.fetch("https://svc/text", body="héllo", method="POST")
    assert '"size":6' in await r4.text()


@run_in_worker(bindings=SVC)
async def test_fetcher_rejects_bad_input_before_calling(env):
    svc = Fetcher(env.SVC)
    bad = [
        lambda: svc.fetch("/relative"),
        lambda: svc.fetch("ftp://svc/x"),
        lambda: svc.fetch("http://svc/x", method="GET", body="x"),
        lambda: svc.fetch("http://svc/x", method="BAD METHOD"),
        lambda: svc.fetch("http://svc/x", headers={"x-a": "1\r\nx-b: 2"}),
        lambda: svc.fetch("http://svc/x", method="POST", body=123),
        lambda: svc.call("not valid"),
        lambda: svc.call("_private"),
    ]
    messages = []
    for make in bad:
        try:
            await make()
        except InvalidInputError as exc:
            messages.append(str(exc))
        else:
            raise AssertionError(f"accepted bad input #{len(messages)}")
    assert "absolute http(s)" in messages[0], messages


@run_in_worker(bindings=SVC)
async def test_fetcher_rpc_call_attribute_and_errors(env):
    svc = Fetcher(env.SVC)
    assert await svc.call("add", 2, 40) == 42
    assert await svc.add("a", "b") == "ab"
    described = await svc.describe({"b": 1, "a": b"\x01"})
    assert described == {
        "keys": ["a", "b"],
        "when": dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        "list": [1, None],
    }, described
    try:
        await svc.fail()
    except JsError as exc:
        assert "nope" in exc.js_message, exc
    else:
        raise AssertionError("a throwing RPC method must raise JsError")


@run_in_worker(bindings=SVC)
async def test_rpc_arguments_keep_none_as_null_at_every_depth(env):
    import json

    svc = Fetcher(env.SVC)
    sent = [None, {"a": None, "b": [None, {"c": None}]}]
    assert json.loads(await svc.asJson(*sent)) == sent


@run_in_worker(
    bindings={
        "vars": {"GREETING": "hi", "LIMIT": 5, "RATIO": 2, "ON": True, "CONF": {"a": [1]}},
        "secrets": {"TOKEN": "tok-123"},
        "version_metadata": "VER",
        **SVC,
    }
)
def test_env_from_js_wraps_declared_bindings(env):
    class MyEnv(Env):
        GREETING: str
        LIMIT: int
        RATIO: float
        ON: bool
        CONF: dict[str, list[int]]
        TOKEN: Secret[str]
        VER: VersionMetadata
        service: Fetcher = binding("SVC")
        OPTIONAL: Fetcher | None
        DEFAULTED: str = binding(default="fallback")
        RAW: object = binding("GREETING")

    e = MyEnv.from_js(env)
    assert (e.GREETING, e.LIMIT, e.RATIO, e.ON, e.CONF) == ("hi", 5, 2.0, True, {"a": [1]})
    assert isinstance(e.RATIO, float)
    assert e.TOKEN.get_secret_value() == "tok-123"
    assert "tok-123" not in repr(e) and "tok-123" not in str(e.TOKEN)
    assert isinstance(e.service, Fetcher)
    assert (e.OPTIONAL, e.DEFAULTED, e.RAW) == (None, "fallback", "hi")
    assert isinstance(e.VER, VersionMetadata) and len(e.VER.id) == 36

    class Missing(Env):
        NOPE: str
        ALSO_NOPE: Fetcher

    class WrongType(Env):
        GREETING: int

    errors = []
    for cls in (Missing, WrongType):
        try:
            cls.from_js(env)
        except ConfigurationError as exc:
            errors.append(str(exc))
    assert len(errors) == 2, errors
    assert "'NOPE', 'ALSO_NOPE'" in errors[0], errors[0]
    assert "'GREETING' should be int" in errors[1], errors[1]


@run_in_worker(bindings={"version_metadata": "VER"})
def test_version_metadata_from_binding(env):
    meta = VersionMetadata.from_js(env.VER)
    assert len(meta.id) == 36 and meta.id.count("-") == 4, meta
    assert isinstance(meta.tag, str)
    assert meta.timestamp.tzinfo is not None
    assert meta.timestamp.year >= 2000, meta.timestamp


async def test_execution_context_and_controller_with_js_objects():
    """The harness' fetch/scheduled tests use the real ctx; here JS-side stand-ins built in
    Pyodide check argument handling: wait_until rejects non-awaitables before calling JS, and
    a JS exception from noRetry surfaces as JsError."""
    from pyodide.code import run_js

    ctx_js = run_js(
        "({ got: [], waitUntil(p) { this.got.push(Promise.resolve(p)); },"
        " passThroughOnException() { this.passed = true; } })"
    )
    ctx = ExecutionContext(ctx_js)
    seen = []

    async def work():
        seen.append("ran")
        return 7

    fut = ctx.wait_until(work())
    assert await fut == 7 and seen == ["ran"]
    assert ctx_js.got.length == 1
    ctx.pass_through_on_exception()
    assert ctx_js.passed is True
    assert ctx.props == {}
    try:
        ctx.wait_until(work)
    except InvalidInputError as exc:
        assert "forget to call" in str(exc)
    else:
        raise AssertionError("a non-awaitable must be rejected")

    controller = ScheduledController(
        run_js("({cron: '0 * * * *', scheduledTime: 86400000, noRetry() { throw new Error('x') }})")
    )
    assert controller.cron == "0 * * * *"
    assert controller.scheduled_time == dt.datetime(1970, 1, 2, tzinfo=dt.UTC)
    try:
        controller.no_retry()
    except JsError as exc:
        assert exc.js_message == "x"
    else:
        raise AssertionError("JS errors must surface as JsError")


test_execution_context_and_controller_with_js_objects = run_in_worker()(
    test_execution_context_and_controller_with_js_objects
)


@run_in_worker(bindings={"vars": {"GREETING": "hi"}, **SVC})
def test_env_unwraps_the_workers_sdk_env_wrapper(env):
    """WorkerEntrypoint.env is the SDK's _EnvWrapper under the real runtime; Env.from_js must
    reach the JS bindings inside it rather than the SDK's converting proxies."""
    from workers.rpc import _EnvWrapper

    class SvcEnv(Env):
        GREETING: str
        SVC: Fetcher

    wrapped = _EnvWrapper(env)
    e = SvcEnv.from_js(wrapped)
    assert e.GREETING == "hi"
    assert e.SVC.js_object is env.SVC or type(e.SVC.js_object).__name__ == "JsProxy", type(
        e.SVC.js_object
    )
