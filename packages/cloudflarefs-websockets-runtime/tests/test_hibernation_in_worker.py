# ruff: noqa: PT017  (bodies run inside Pyodide, where pytest.raises is unavailable: catch, then assert)
"""Durable Object hibernation glue inside Pyodide.

A Python Durable Object cannot run offline (Miniflare runs JS classes only), so:

* ``test_glue_*`` use a **JS stand-in ctx** built with ``run_js`` (its hibernation methods
  record sockets and tags, like ``ctx`` does) and real Miniflare Node ``WebSocket`` objects
  from Miniflare's ``WebSocketPair``; the runtime's handler calls (``webSocketMessage`` ...)
  are made by the test with the JS values the runtime passes.
* ``test_client_against_hibernating_durable_object`` talks to a **real JS Durable Object** in
  workerd that accepts with ``ctx.acceptWebSocket`` and answers from ``webSocketMessage``;
  our ``WebSocket`` is the client end Miniflare hands to Node.
"""

from __future__ import annotations

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError, to_js
from cloudflarefs.durable_objects.runtime import DurableObjectNamespace, DurableObjectState
from cloudflarefs.testing.pytest_plugin import run_in_worker
from cloudflarefs.websockets.runtime import (
    BinaryMessage,
    CloseEvent,
    TextMessage,
    WebSocket,
    WebSocketDurableObject,
    WebSocketPair,
    accept_hibernatable,
    hibernatable_web_sockets,
    web_socket_tags,
)

ROOM = """
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(req) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["room", new URL(req.url).searchParams.get("user")]);
    return new Response(null, {status: 101, webSocket: client});
  }
  async webSocketMessage(ws, message) {
    if (message === "bye") { ws.close(4000, "tags " + this.ctx.getTags(ws).join(",")); return; }
    const n = this.ctx.getWebSockets("room").length;
    ws.send(typeof message === "string" ? `${n}:${message}` : message);
  }
  async webSocketClose(ws, code, reason) { try { ws.close(code, reason); } catch {} }
}
"""
FAKE_CTX = """
(id) => {
  const sockets = [];
  return {
    id, storage: {},
    acceptWebSocket(ws, tags) { sockets.push({ ws, tags: [...tags] }); },
    getWebSockets(tag) { return sockets.filter((s) => tag === undefined || s.tags.includes(tag)).map((s) => s.ws); },
    getTags(ws) { const s = sockets.find((s) => s.ws === ws); if (!s) throw new TypeError("not accepted"); return s.tags; },
  };
}
"""
# Miniflare's Node WebSocketPair as the global for a test (workerd's cannot leave workerd).
INSTALL_PAIR = '(async () => { globalThis.cfhHarnessPair = globalThis.WebSocketPair; globalThis.WebSocketPair = (await import("miniflare")).WebSocketPair })()'
BINDINGS = {
    "durable_objects": {"ROOM": {"class_name": "Room"}},
    "durable_object_script": ROOM,
    "vars": {"FAKE_CTX": FAKE_CTX, "INSTALL_PAIR": INSTALL_PAIR},
}


@run_in_worker(bindings=BINDINGS)
async def test_glue_accepts_lists_and_tags_wrapped_sockets(env):
    """JS stand-in ctx; real Miniflare Node sockets (see the module docstring)."""
    from pyodide.code import run_js

    await run_js(env.INSTALL_PAIR)
    try:
        ns = DurableObjectNamespace(env.ROOM)
        state = DurableObjectState(run_js(env.FAKE_CTX)(ns.id_from_name("glue").js_object))
        a, b = WebSocketPair.create().server, WebSocketPair.create().server
        accept_hibernatable(state, a, ["room", "user:a"])
        accept_hibernatable(state, b, ["room"])
        assert hibernatable_web_sockets(state) == [a, b]
        assert hibernatable_web_sockets(state, "user:a") == [a]
        assert {*hibernatable_web_sockets(state), a} == {a, b}, "wrappers hash by JS identity"
        assert web_socket_tags(state, a) == ["room", "user:a"]
        assert web_socket_tags(state, b) == ["room"]
        try:
            web_socket_tags(state, WebSocketPair.create().server)
        except JsError as exc:
            assert exc.js_message == "not accepted", exc
        else:
            raise AssertionError("JS errors must surface as JsError")
        for name, call in {
            "raw js": lambda: accept_hibernatable(state, a.js_object),
            "str tags": lambda: accept_hibernatable(state, a, "room"),
            "11 tags": lambda: accept_hibernatable(state, a, [str(i) for i in range(11)]),
            "raw js tags": lambda: web_socket_tags(state, a.js_object),
        }.items():
            try:
                call()
            except InvalidInputError:
                pass
            else:
                raise AssertionError(f"{name}: accepted")
        assert len(hibernatable_web_sockets(state)) == 2, "a refused accept reached JS"
    finally:
        run_js("globalThis.WebSocketPair = globalThis.cfhHarnessPair")


@run_in_worker(bindings=BINDINGS)
async def test_glue_durable_object_hooks_get_typed_values(env):
    """JS stand-in ctx; the test calls the runtime entry points with the JS values workerd
    passes (a str, an ArrayBuffer, close code/reason/wasClean, a JS Error)."""
    from pyodide.code import run_js

    await run_js(env.INSTALL_PAIR)
    try:
        ns = DurableObjectNamespace(env.ROOM)
        js_ctx = run_js(env.FAKE_CTX)(ns.id_from_name("hooks").js_object)
        seen = []

        class Chat(WebSocketDurableObject):
            async def on_web_socket_message(self, ws, message):
                seen.append(("message", ws, message))
                for peer in self.get_web_sockets("room"):
                    peer.send(message.data)

            async def on_web_socket_close(self, ws, event):
                seen.append(("close", ws, event))

            async def on_web_socket_error(self, ws, error):
                seen.append(("error", ws, error.js_message))

        chat = Chat(js_ctx, env)
        client, server = WebSocketPair.create()
        server.accept()
        client.accept()
        chat.accept_web_socket(server, ["room"])
        assert chat.get_web_sockets() == [server] and chat.get_tags(server) == ["room"]
        js_server = server.js_object
        await chat.webSocketMessage(js_server, "hello")
        await chat.webSocketMessage(js_server, run_js("new Uint8Array([0, 255]).buffer"))
        await chat.webSocketClose(js_server, 1001, "going away", True)
        await chat.webSocketError(js_server, run_js("new Error('reset')"))
        assert seen == [
            ("message", server, TextMessage("hello")),
            ("message", server, BinaryMessage(b"\x00\xff")),
            ("close", server, CloseEvent(1001, "going away", True)),
            ("error", server, "reset"),
        ], seen
        assert isinstance(seen[0][1], WebSocket)
        # The hook broadcast through get_web_sockets(): the peer end got both messages.
        assert [await client.receive(), await client.receive()] == [
            TextMessage("hello"),
            BinaryMessage(b"\x00\xff"),
        ]
        await WebSocketDurableObject(js_ctx, env).webSocketMessage(js_server, "default: no-op")
    finally:
        run_js("globalThis.WebSocketPair = globalThis.cfhHarnessPair")


@run_in_worker(bindings=BINDINGS)
async def test_client_against_hibernating_durable_object(env):
    """Real JS Durable Object in workerd using the hibernation API; Python is the client."""
    stub = DurableObjectNamespace(env.ROOM).get_by_name("lobby")
    init = to_js({"headers": {"Upgrade": "websocket"}})
    first = WebSocket((await stub.js_object.fetch("http://room/?user=ann", init)).webSocket)
    second = WebSocket((await stub.js_object.fetch("http://room/?user=bob", init)).webSocket)
    first.accept()
    second.accept()
    first.send("hi")
    assert await first.receive() == TextMessage("2:hi"), "both sockets are in the room"
    second.send(b"\x07")
    assert await second.receive() == BinaryMessage(b"\x07")
    first.send("bye")
    assert [m async for m in first] == []
    assert first.close_event is not None
    assert (first.close_event.code, first.close_event.reason) == (4000, "tags room,ann")
    first.close(4000)
    second.close(1000, "done")
    assert [m async for m in second] == []
    assert second.close_event.code == 1000, second.close_event
