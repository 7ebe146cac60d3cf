"""Host CPython unit tests: validation, messages, and the receive state machine.

``WebSocket`` runs here against ``FakeSocket``, a small **Python fake** of a JS WebSocket (event
listeners, accept/send/close, readyState), under a fake codec backend in which every value is
a plain Python value. The same code runs against real sockets in ``test_in_worker.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError, use_backend
from cloudflarefs.websockets.runtime import (
    MAX_CLOSE_REASON_BYTES,
    BinaryMessage,
    CloseEvent,
    ReadyState,
    TextMessage,
    WebSocket,
    WebSocketClosedError,
    WebSocketPair,
    check_close,
    check_payload,
)
from cloudflarefs.websockets.runtime._inbox import Inbox


class PlainBackend:
    """Codec backend where nothing is a JS object: from_js/to_js pass Python values through."""

    jsnull = object()

    def is_js(self, value: Any) -> bool:
        return False

    def new_uint8array(self, data: bytes) -> Any:
        return bytes(data)

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        return dict(entries)

    def new_array(self, items: Sequence[Any]) -> Any:
        return list(items)


class Event:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


class FakeSocket:
    """A Python fake of the JS WebSocket surface the wrapper uses."""

    def __init__(self) -> None:
        self.readyState = 1
        self.binaryType = "blob"
        self.listeners: dict[str, list[Callable[[Any], None]]] = {}
        self.calls: list[tuple[Any, ...]] = []

    def addEventListener(self, name: str, fn: Callable[[Any], None]) -> None:
        self.listeners.setdefault(name, []).append(fn)

    def removeEventListener(self, name: str, fn: Callable[[Any], None]) -> None:
        self.listeners[name].remove(fn)

    def accept(self, *options: Any) -> None:
        self.calls.append(("accept", *options))

    def send(self, data: Any) -> None:
        self.calls.append(("send", data))

    def close(self, *args: Any) -> None:
        self.calls.append(("close", *args))
        self.readyState = 2

    def dispatch(self, name: str, event: Event) -> None:
        for fn in list(self.listeners.get(name, [])):
            fn(event)


@pytest.fixture(autouse=True)
def plain_backend() -> Iterator[None]:
    with use_backend(PlainBackend()):  # type: ignore[arg-type]
        yield


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", [1000, 3000, 3999, 4000, 4999])
def test_sendable_close_codes_pass(code: int) -> None:
    check_close(code, "ok")


@pytest.mark.parametrize("code", [0, 999, 1001, 1005, 1006, 1011, 1015, 2999, 5000, 65535])
def test_reserved_close_codes_are_refused(code: int) -> None:
    with pytest.raises(InvalidInputError, match=rf"close code {code} cannot be sent"):
        check_close(code, None)


def test_close_reason_rules() -> None:
    check_close(None, None)
    check_close(1000, "é" * 61 + "x")  # exactly 123 bytes
    with pytest.raises(InvalidInputError, match="124 bytes"):
        check_close(1000, "é" * 62)
    assert MAX_CLOSE_REASON_BYTES == 123
    with pytest.raises(InvalidInputError, match="needs a close code"):
        check_close(None, "why")
    with pytest.raises(InvalidInputError, match="must be a str"):
        check_close(1000, b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="must be an int"):
        check_close(True, None)
    with pytest.raises(InvalidInputError, match="must be an int"):
        check_close(1000.0, None)  # type: ignore[arg-type]


def test_payloads() -> None:
    assert check_payload("t") == "t"
    assert check_payload(bytearray(b"b")) == b"b"
    assert type(check_payload(memoryview(b"m"))) is bytes
    for bad in (1, None, {"a": 1}, ["x"]):
        with pytest.raises(InvalidInputError, match="str \\(text\\) or bytes"):
            check_payload(bad)


def test_closed_error_message_and_event() -> None:
    event = CloseEvent(4001, "bye", True)
    err = WebSocketClosedError(event)
    assert err.close_event is event
    assert str(err) == "WebSocket closed (code 4001, reason 'bye')"
    assert str(WebSocketClosedError(CloseEvent(1005))) == "WebSocket closed (code 1005)"


# -- the inbox state machine -------------------------------------------------------------


async def test_inbox_delivers_in_order_then_close_then_stays_closed() -> None:
    inbox = Inbox()
    waiting = asyncio.ensure_future(inbox.receive())
    await asyncio.sleep(0)
    assert not waiting.done()
    inbox.push_message(TextMessage("a"))
    assert await waiting == TextMessage("a")
    inbox.push_message(BinaryMessage(b"b"))
    inbox.push_close(CloseEvent(1000, "x", True))
    inbox.push_message(TextMessage("after close is dropped"))
    inbox.push_close(CloseEvent(4000))  # the first close wins
    assert inbox.ended
    assert await inbox.receive() == BinaryMessage(b"b")
    for _ in range(2):
        with pytest.raises(WebSocketClosedError) as info:
            await inbox.receive()
        assert info.value.close_event == CloseEvent(1000, "x", True)


async def test_inbox_error_ends_after_buffered_messages() -> None:
    inbox = Inbox()
    inbox.push_message(TextMessage("a"))
    inbox.push_error(JsError("Error", "reset"))
    assert inbox.error is not None and inbox.close_event is None
    assert await inbox.receive() == TextMessage("a")
    with pytest.raises(JsError, match="reset"):
        await inbox.receive()


async def test_inbox_keeps_order_around_a_pending_message() -> None:
    inbox = Inbox()
    pending: asyncio.Future[TextMessage | BinaryMessage] = (
        asyncio.get_running_loop().create_future()
    )
    inbox.push_message(pending)
    inbox.push_message(TextMessage("second"))
    pending.set_result(BinaryMessage(b"first"))
    assert [await inbox.receive(), await inbox.receive()] == [
        BinaryMessage(b"first"),
        TextMessage("second"),
    ]


# -- WebSocket over the fake socket -------------------------------------------------------


async def test_accept_listens_first_and_iteration_ends_on_close() -> None:
    fake = FakeSocket()
    ws = WebSocket(fake)
    ws.accept()
    assert fake.calls == [("accept",)]
    assert fake.binaryType == "arraybuffer"
    assert sorted(fake.listeners) == ["close", "error", "message"]
    fake.dispatch("message", Event(data="hi"))
    fake.dispatch("message", Event(data=b"\x01"))
    fake.dispatch("close", Event(code=4001, reason="bye", wasClean=True))
    assert [m async for m in ws] == [TextMessage("hi"), BinaryMessage(b"\x01")]
    assert ws.close_event == CloseEvent(4001, "bye", True)
    await asyncio.sleep(0)  # listeners are released on the next loop turn
    assert all(not fns for fns in fake.listeners.values()), fake.listeners


async def test_close_event_without_fields_means_no_status() -> None:
    fake = FakeSocket()
    ws = WebSocket(fake)
    ws.listen()
    ws.listen()  # idempotent
    assert len(fake.listeners["close"]) == 1
    fake.dispatch("close", Event())
    assert [m async for m in ws] == []
    assert ws.close_event == CloseEvent(1005, "", False)


async def test_error_event_raises_from_iteration() -> None:
    fake = FakeSocket()
    ws = WebSocket(fake)
    ws.accept(allow_half_open=True)
    assert fake.calls == [("accept", {"allowHalfOpen": True})]
    fake.dispatch("error", Event(message="boom"))
    with pytest.raises(JsError, match="boom"):
        [m async for m in ws]


def test_send_close_and_state_reach_js_only_when_valid() -> None:
    fake = FakeSocket()
    ws = WebSocket(fake)
    ws.send("t")
    ws.send(memoryview(b"b"))
    with pytest.raises(InvalidInputError):
        ws.send(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        ws.close(1001)
    assert ws.ready_state is ReadyState.OPEN
    ws.close(3000, "r")
    ws.close()
    ws.close(1000)
    assert fake.calls == [
        ("send", "t"),
        ("send", b"b"),
        ("close", 3000, "r"),
        ("close",),
        ("close", 1000),
    ]
    assert ws.ready_state is ReadyState.CLOSING
    assert ws.url is None and ws.protocol is None and ws.extensions is None
    assert repr(ws) == "WebSocket(<js>)"


def test_identity_pair_and_constructor_checks() -> None:
    a, b = FakeSocket(), FakeSocket()
    assert WebSocket(a) == WebSocket(a) and WebSocket(a) != WebSocket(b)
    assert len({WebSocket(a), WebSocket(a), WebSocket(b)}) == 2
    pair = WebSocketPair.from_js(Event(**{"0": a, "1": b}))
    client, server = pair
    assert (client.js_object, server.js_object) == (a, b)
    with pytest.raises(InvalidInputError):
        WebSocket(None)
    with pytest.raises(InvalidInputError):
        WebSocket(client)
    with pytest.raises(InvalidInputError):
        client.accept(allow_half_open=1)  # type: ignore[arg-type]
