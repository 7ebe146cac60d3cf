# ruff: noqa: PT017  (bodies run inside Pyodide, where pytest.raises is unavailable: catch, then assert)
"""WebSocket and WebSocketPair inside Pyodide.

What is real and what is not, per test (see each docstring):

* **workerd echo** — a JS Worker (``ECHO`` below, reached through a service binding) upgrades
  the request with a real workerd ``WebSocketPair`` and echoes. Python's end is the
  ``webSocket`` of the 101 response as Miniflare hands it to Node: Miniflare's Node
  ``WebSocket`` class, coupled over a real ``ws`` connection to workerd. Frames really cross.
* **Miniflare's Node WebSocketPair** — ``WebSocketPair`` exists only inside workerd, so
  :meth:`WebSocketPair.create` runs against Miniflare's own Node implementation of it, installed
  as ``globalThis.WebSocketPair`` for the test (the same class Miniflare uses for upgrades).
"""

from __future__ import annotations

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError, to_js
from cloudflarefs.testing.pytest_plugin import run_in_worker
from cloudflarefs.websockets.runtime import (
    BinaryMessage,
    CloseEvent,
    ReadyState,
    TextMessage,
    WebSocket,
    WebSocketClosedError,
    WebSocketPair,
)

ECHO = """
export default {
  async fetch(req) {
    if (req.headers.get("Upgrade") !== "websocket") return new Response("upgrade", {status: 426});
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => {
      if (e.data === "close-me") { server.close(4001, "bye \u00e9"); return; }
      server.send(typeof e.data === "string" ? "echo:" + e.data : e.data);
    });
    server.addEventListener("close", (e) => {
      // workerd does not check the reason length (over 123 bytes the peer fails the frame)
      try { server.close(e.code, `saw ${e.code} ${e.reason.length}`); } catch {}
    });
    return new Response(null, {status: 101, webSocket: client});
  }
}
"""
ECHO_BINDINGS = {"workers": {"echo": ECHO}, "services": {"ECHO": "echo"}}


@run_in_worker(bindings=ECHO_BINDINGS)
async def test_text_and_binary_round_trip_and_server_close(env):
    """Real workerd WebSocketPair on the Worker side; Python holds Miniflare's Node end."""
    response = await env.ECHO.fetch("http://echo/", to_js({"headers": {"Upgrade": "websocket"}}))
    assert response.status == 101, response.status
    ws = WebSocket(response.webSocket)
    ws.accept()
    assert ws.ready_state is ReadyState.OPEN, ws.ready_state
    assert ws.url is None and ws.protocol is None, "Miniflare's Node socket reports no url"
    ws.send("hi")
    ws.send(b"\x00\xff")
    ws.send(bytearray(b"ba"))
    ws.send(memoryview(b"mv"))
    assert await ws.receive() == TextMessage("echo:hi")
    ws.send("close-me")
    got = [message async for message in ws]
    assert got == [BinaryMessage(b"\x00\xff"), BinaryMessage(b"ba"), BinaryMessage(b"mv")], got
    # Miniflare's Node CloseEvent never sets wasClean (workerd does): do not assert it.
    assert ws.close_event is not None
    assert (ws.close_event.code, ws.close_event.reason) == (4001, "bye \u00e9"), ws.close_event
    try:
        await ws.receive()
    except WebSocketClosedError as exc:
        assert exc.close_event == ws.close_event
    else:
        raise AssertionError("receive() after close must raise WebSocketClosedError")
    assert [m async for m in ws] == [], "iteration after close yields nothing"
    assert ws.ready_state is ReadyState.CLOSING, "our side has not replied yet"
    ws.close(4001)
    assert ws.ready_state is ReadyState.CLOSED, ws.ready_state
    try:
        ws.send("late")
    except JsError as exc:
        assert "close" in exc.js_message, exc.js_message
    else:
        raise AssertionError("send after close must raise JsError")


@run_in_worker(bindings=ECHO_BINDINGS)
async def test_client_close_with_code_and_reason_reaches_workerd(env):
    """Python closes first; the workerd echo answers with a close naming what it received."""
    response = await env.ECHO.fetch("http://echo/", to_js({"headers": {"Upgrade": "websocket"}}))
    ws = WebSocket(response.webSocket)
    ws.accept(allow_half_open=True)
    ws.close(3000, "r" * 123)
    assert ws.ready_state is ReadyState.CLOSING, ws.ready_state
    assert [m async for m in ws] == []
    assert ws.close_event is not None
    assert ws.close_event.code == 3000, ws.close_event
    assert ws.close_event.reason == "saw 3000 123", ws.close_event.reason
    assert ws.ready_state is ReadyState.CLOSED


@run_in_worker(bindings=ECHO_BINDINGS)
async def test_bad_input_is_refused_before_js(env):
    """Validation runs before the JS call: the workerd echo sees none of the refused calls."""
    response = await env.ECHO.fetch("http://echo/", to_js({"headers": {"Upgrade": "websocket"}}))
    ws = WebSocket(response.webSocket)
    ws.accept()
    bad = {
        "1001": lambda: ws.close(1001),
        "999": lambda: ws.close(999),
        "1005": lambda: ws.close(1005),
        "2999": lambda: ws.close(2999),
        "5000": lambda: ws.close(5000),
        "bool": lambda: ws.close(True),
        "float": lambda: ws.close(1000.0),
        "long reason": lambda: ws.close(1000, "\u00e9" * 62),
        "reason without code": lambda: ws.close(reason="x"),
        "int payload": lambda: ws.send(1),
        "dict payload": lambda: ws.send({"a": 1}),
        "None payload": lambda: ws.send(None),
        "half open": lambda: ws.accept(allow_half_open="yes"),
        "None ws": lambda: WebSocket(None),
        "rewrap": lambda: WebSocket(ws),
    }
    for name, call in bad.items():
        try:
            call()
        except InvalidInputError:
            pass
        else:
            raise AssertionError(f"{name}: accepted")
    assert ws.ready_state is ReadyState.OPEN, "a refused close reached JS"
    ws.send("still open")
    assert await ws.receive() == TextMessage("echo:still open")
    ws.close(1000, "\u00e9" * 61 + "x")  # 123 bytes: the limit itself is fine
    assert [m async for m in ws] == []
    assert ws.close_event.code == 1000, ws.close_event


@run_in_worker()
async def test_pair_create_accept_send_receive_close():
    """Both ends are Miniflare's Node ``WebSocketPair`` (installed as the global for the test;
    workerd's own class cannot leave workerd)."""
    from pyodide.code import run_js

    await run_js(
        '(async () => { globalThis.cfhHarnessPair = globalThis.WebSocketPair; globalThis.WebSocketPair = (await import("miniflare")).WebSocketPair })()'
    )
    try:
        pair = WebSocketPair.create()
        client, server = pair
        assert (client, server) == (pair.client, pair.server)
        assert client != server and client == WebSocket(pair.client.js_object)
        try:
            server.send("too early")
        except JsError as exc:
            assert "accept" in exc.js_message, exc.js_message
        else:
            raise AssertionError("send before accept must raise JsError")
        server.accept()
        server.send("queued before the client accepted")
        client.accept()
        assert await client.receive() == TextMessage("queued before the client accepted")
        # A Blob frame (the default binaryType on new compatibility dates) is read in order.
        run_js("(ws) => ws.send(new Blob([new Uint8Array([9, 8])]))")(server.js_object)
        server.send("after the blob")
        assert await client.receive() == BinaryMessage(b"\x09\x08")
        assert await client.receive() == TextMessage("after the blob")
        client.send(b"\x01\x02")
        server.send("")
        assert await server.receive() == BinaryMessage(b"\x01\x02")
        assert await client.receive() == TextMessage("")
        client.close(4999, "done")
        assert client.ready_state is ReadyState.CLOSING
        assert [m async for m in server] == []
        assert server.close_event == CloseEvent(4999, "done", False), server.close_event
        server.close()
        assert [m async for m in client] == []
        assert client.close_event.code == 1005, "close() without a code reports no status"
        assert client.ready_state is ReadyState.CLOSED and server.ready_state is ReadyState.CLOSED
        try:
            server.close(1000)
        except JsError as exc:
            assert "closed" in exc.js_message, exc.js_message
        else:
            raise AssertionError("a second close must raise JsError")
    finally:
        run_js("globalThis.WebSocketPair = globalThis.cfhHarnessPair")


ATTACHMENT_STAND_IN = """
({ readyState: 1, stored: null,
   serializeAttachment(v) { if (JSON.stringify(v).length > 2048) throw new Error("too large");
                            this.stored = structuredClone(v); },
   deserializeAttachment() { return this.stored; } })
"""


@run_in_worker(bindings={"vars": {"ATTACHMENT_STAND_IN": ATTACHMENT_STAND_IN}})
async def test_attachments_round_trip_through_js(env):
    """A **JS stand-in** socket (``serializeAttachment`` exists only on workerd sockets, which
    cannot leave workerd): values really cross the codec both ways; the size error is the
    stand-in's."""
    from pyodide.code import run_js

    ws = WebSocket(run_js(env.ATTACHMENT_STAND_IN))
    assert ws.deserialize_attachment() is None
    ws.serialize_attachment({"user": "ann", "joined": [1, 2], "blob": b"\x00\x01", "n": None})
    assert ws.deserialize_attachment() == {
        "user": "ann",
        "joined": [1, 2],
        "blob": b"\x00\x01",
        "n": None,
    }, ws.deserialize_attachment()
    try:
        ws.serialize_attachment("x" * 4096)
    except JsError as exc:
        assert exc.js_message == "too large", exc
    else:
        raise AssertionError("a JS throw must surface as JsError")
    assert ws.deserialize_attachment()["user"] == "ann", "the failed store kept the old value"
