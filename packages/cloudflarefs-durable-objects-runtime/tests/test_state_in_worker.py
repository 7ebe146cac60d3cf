# ruff: noqa: PT017  (bodies run inside Pyodide, where pytest.raises is unavailable)
"""DurableObjectState and the DurableObject base class inside Pyodide.

``ctx`` (and WebSockets) cannot leave workerd, so these tests use a JS stand-in ``ctx`` built in
Node with ``run_js``: its ``id`` is a real DurableObjectId from Miniflare, its ``storage`` the
real storage facade of a JS Durable Object; the hibernation methods record their calls. The
``WebSocketRequestResponsePair`` global, which only workerd has, is stubbed the same way.
"""

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.durable_objects.runtime import (
    AlarmInfo,
    DurableObject,
    DurableObjectNamespace,
    DurableObjectState,
    DurableObjectStorage,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker

PROBE = """
import { DurableObject, RpcTarget } from "cloudflare:workers";
class StorageFacade extends RpcTarget {
  constructor(s) { super(); this.s = s; }
  get(k, o) { return this.s.get(k, o); }
  put(k, v, o) { return this.s.put(k, v, o); }
}
export class Probe extends DurableObject {
  storage() { return new StorageFacade(this.ctx.storage); }
}
"""
BINDINGS = {
    "durable_objects": {"PROBE": {"class_name": "Probe"}},
    "durable_object_script": PROBE,
}
FAKE_CTX = """
(id, storage) => {
  globalThis.WebSocketRequestResponsePair = class { constructor(request, response) { this.request = request; this.response = response; } };
  const sockets = [];
  return {
    id, storage, calls: [], auto: null, timeout: null,
    async blockConcurrencyWhile(cb) { this.calls.push("block"); return await cb(); },
    waitUntil(p) { this.calls.push("waitUntil"); this.pending = Promise.resolve(p); },
    abort(reason) { this.calls.push("abort:" + reason); },
    acceptWebSocket(ws, tags) { sockets.push({ ws, tags: [...tags] }); },
    getWebSockets(tag) { return sockets.filter((s) => tag === undefined || s.tags.includes(tag)).map((s) => s.ws); },
    getTags(ws) { const s = sockets.find((s) => s.ws === ws); if (!s) throw new TypeError("not accepted"); return s.tags; },
    setWebSocketAutoResponse(pair) { this.auto = pair ?? null; },
    getWebSocketAutoResponse() { return this.auto; },
    setHibernatableWebSocketEventTimeout(ms) { this.timeout = ms ?? null; },
  };
}
"""


@run_in_worker(bindings={**BINDINGS, "vars": {"FAKE_CTX": FAKE_CTX}})
async def test_state_wraps_ctx(env):
    from pyodide.code import run_js

    ns = DurableObjectNamespace(env.PROBE)
    object_id = ns.id_from_name("state")
    facade = await ns.get_by_name("state").storage()
    js_ctx = run_js(env.FAKE_CTX)(object_id.js_object, facade)
    state = DurableObjectState(js_ctx)

    assert state.id == object_id
    assert isinstance(state.storage, DurableObjectStorage)
    await state.storage.put("loaded", 41)

    async def load():
        return await state.storage.get("loaded") + 1

    assert await state.block_concurrency_while(load) == 42

    async def later():
        return "bg"

    assert await state.wait_until(later()) == "bg"
    state.abort("reset")
    assert list(js_ctx.calls) == ["block", "waitUntil", "abort:reset"], list(js_ctx.calls)

    ws1, ws2 = run_js("({n: 1})"), run_js("({n: 2})")
    state.accept_web_socket(ws1, ["room:a", "user:1"])
    state.accept_web_socket(ws2)
    assert [w.n for w in state.get_web_sockets()] == [1, 2]
    assert [w.n for w in state.get_web_sockets("room:a")] == [1]
    assert state.get_tags(ws1) == ["room:a", "user:1"] and state.get_tags(ws2) == []
    try:
        state.get_tags(run_js("({})"))
    except JsError as exc:
        assert exc.js_message == "not accepted"
    else:
        raise AssertionError("JS errors must surface as JsError")

    assert state.get_web_socket_auto_response() is None
    state.set_web_socket_auto_response("ping", "pong")
    assert state.get_web_socket_auto_response() == ("ping", "pong")
    state.set_web_socket_auto_response()
    assert state.get_web_socket_auto_response() is None
    state.set_hibernatable_web_socket_event_timeout(5000)
    assert js_ctx.timeout == 5000

    bad = [
        lambda: state.accept_web_socket(ws1, "room"),
        lambda: state.accept_web_socket(ws1, [str(i) for i in range(11)]),
        lambda: state.accept_web_socket(ws1, ["x" * 257]),
        lambda: state.get_web_sockets(""),
        lambda: state.set_web_socket_auto_response("ping"),
        lambda: state.set_web_socket_auto_response("", "pong"),
        lambda: state.set_hibernatable_web_socket_event_timeout(-1),
    ]
    for i, make in enumerate(bad):
        try:
            make()
        except InvalidInputError:
            pass
        else:
            raise AssertionError(f"bad input #{i} was accepted")
    assert len(list(state.get_web_sockets())) == 2, "rejected calls reached JS"


@run_in_worker(bindings={**BINDINGS, "vars": {"FAKE_CTX": FAKE_CTX}})
async def test_durable_object_base_converts_runtime_events(env):
    """The runtime would call webSocketMessage/Close/Error and alarm; here the test calls them
    with JS values (an ArrayBuffer, a JS Error, the alarm info object) as the runtime passes."""
    import workers
    from pyodide.code import run_js

    ns = DurableObjectNamespace(env.PROBE)
    js_ctx = run_js(env.FAKE_CTX)(
        ns.id_from_name("base").js_object, await ns.get_by_name("base").storage()
    )
    seen = []

    class Chat(DurableObject):
        async def web_socket_message(self, ws, message):
            seen.append(("message", message))

        async def web_socket_close(self, ws, code, reason, was_clean):
            seen.append(("close", code, reason, was_clean))

        async def web_socket_error(self, ws, error):
            seen.append(("error", type(error).__name__, error.js_message))

        async def on_alarm(self, info):
            seen.append(("alarm", info))

    chat = Chat(js_ctx, env)
    assert isinstance(chat, workers.DurableObject), "must satisfy the Python Workers runtime"
    # The SDK's __init_subclass__ wraps ctx/env (DurableObjectContext, _EnvWrapper), as the
    # runtime would; our state unwraps the SDK ctx back to the JS object.
    assert type(chat.ctx).__name__ == "DurableObjectContext", type(chat.ctx)
    assert chat.state.js_object is js_ctx
    assert chat.state.id == ns.id_from_name("base")
    await chat.storage.put("k", "v")
    assert await chat.state.storage.get("k") == "v"

    ws = run_js("({})")
    await chat.webSocketMessage(ws, "hello")
    await chat.webSocketMessage(ws, run_js("new Uint8Array([0, 255]).buffer"))
    await chat.webSocketClose(ws, 1001, "going away", True)
    await chat.webSocketError(ws, run_js("new Error('reset')"))
    await chat.alarm(run_js("({retryCount: 2, isRetry: true})"))
    await chat.alarm()
    assert seen == [
        ("message", "hello"),
        ("message", b"\x00\xff"),
        ("close", 1001, "going away", True),
        ("error", "JsError", "reset"),
        ("alarm", AlarmInfo(retry_count=2, is_retry=True)),
        ("alarm", AlarmInfo(retry_count=0, is_retry=False)),
    ], seen

    plain = DurableObject(js_ctx, env)  # default hooks do nothing
    await plain.webSocketMessage(ws, "ignored")
    await plain.alarm()
