"""``WebSocket`` and ``WebSocketPair``: typed façades over the Workers runtime objects."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import JsError, call_js, from_js, js_errors, js_function, to_js
from cloudflarefs.websockets.runtime._inbox import Inbox
from cloudflarefs.websockets.runtime._messages import (
    CloseEvent,
    Message,
    ReadyState,
    WebSocketClosedError,
    message_from,
)
from cloudflarefs.websockets.runtime._validate import check_close, check_payload

_NO_STATUS = 1005  # what the spec reports when the close frame carried no code


def _prop(obj: Any, name: str) -> Any:
    # An undefined JS property surfaces as AttributeError on a JsProxy.
    return from_js(getattr(obj, name, None))


class WebSocket:
    """One end of a WebSocket: ``ws = WebSocket(js_ws)``.

    Wrap the server end of a :class:`WebSocketPair`, the ``webSocket`` of a 101 response from
    ``fetch``, or a hibernatable socket a Durable Object gets back from the runtime. Call
    :meth:`accept` (not for hibernatable sockets: ``ctx.acceptWebSocket`` accepts those), then
    :meth:`send` and ``async for message in ws`` (it ends when the socket closes; then
    :attr:`close_event` says how).
    """

    __slots__ = ("_inbox", "_js", "_listeners")

    def __init__(self, js_web_socket: Any) -> None:
        if js_web_socket is None:
            raise InvalidInputError("WebSocket needs a JS WebSocket object, got None")
        if isinstance(js_web_socket, WebSocket):
            raise InvalidInputError("already a WebSocket wrapper; pass ws.js_object to rewrap")
        self._js: Any = js_web_socket
        self._inbox = Inbox()
        self._listeners: list[tuple[str, Any]] | None = None

    @property
    def js_object(self) -> Any:
        """The wrapped JS ``WebSocket`` (for APIs that take one, such as ``Response``)."""
        return self._js

    @property
    def ready_state(self) -> ReadyState:
        """``CONNECTING``, ``OPEN``, ``CLOSING`` or ``CLOSED``."""
        with js_errors():
            return ReadyState(int(_prop(self._js, "readyState")))

    @property
    def url(self) -> str | None:
        """The URL of a client socket created from a URL; ``None`` otherwise."""
        return _optional_str(_prop(self._js, "url"))

    @property
    def protocol(self) -> str | None:
        """The negotiated subprotocol, when the runtime reports one."""
        return _optional_str(_prop(self._js, "protocol"))

    @property
    def extensions(self) -> str | None:
        """The negotiated extensions, when the runtime reports them."""
        return _optional_str(_prop(self._js, "extensions"))

    @property
    def close_event(self) -> CloseEvent | None:
        """How the socket closed, once this wrapper has seen the close event."""
        return self._inbox.close_event

    def accept(self, *, allow_half_open: bool = False) -> None:
        """Start handling the socket in this Worker (listeners are attached first, so no
        message is missed). With ``allow_half_open=True`` the runtime does not answer the
        peer's Close frame for you: call :meth:`close` yourself (useful when proxying)."""
        if not isinstance(allow_half_open, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError("allow_half_open must be a bool")
        self.listen()
        with js_errors():
            if allow_half_open:
                self._js.accept(to_js({"allowHalfOpen": True}))
            else:
                self._js.accept()

    def send(self, data: str | bytes | bytearray | memoryview) -> None:
        """Send a text frame (``str``) or a binary frame (bytes-like, copied)."""
        payload = to_js(check_payload(data))
        with js_errors():
            self._js.send(payload)

    def close(self, code: int | None = None, reason: str | None = None) -> None:
        """Start the closing handshake. ``code`` is 1000 or 3000-4999; ``reason`` (at most 123
        UTF-8 bytes) needs a code. Without a code the peer sees 1005 (no status)."""
        check_close(code, reason)
        with js_errors():
            if code is None:
                self._js.close()
            elif reason is None:
                self._js.close(code)
            else:
                self._js.close(code, reason)

    async def receive(self) -> Message:
        """The next message; raises :class:`WebSocketClosedError` once the socket has closed
        (after every earlier message was received), or the :class:`JsError` of an error
        event."""
        self.listen()
        return await self._inbox.receive()

    async def __aiter__(self) -> AsyncIterator[Message]:
        """``async for message in ws``: every message until the close event."""
        while True:
            try:
                message = await self.receive()
            except WebSocketClosedError:
                return
            yield message

    def serialize_attachment(self, value: Any) -> None:
        """Store ``value`` (structured-clonable, small) on the socket; it survives Durable
        Object hibernation."""
        js_value = to_js(value, none_as="null")
        with js_errors():
            self._js.serializeAttachment(js_value)

    def deserialize_attachment(self) -> Any:
        """The value stored with :meth:`serialize_attachment`, or ``None``."""
        with js_errors():
            return from_js(self._js.deserializeAttachment())

    def listen(self) -> None:
        """Attach the message/close/error listeners (done by :meth:`accept` and
        :meth:`receive`; call it yourself only if JS code accepted the socket)."""
        if self._listeners is not None:
            return
        self._listeners = []
        with js_errors():
            # Newer compatibility dates default server sockets to Blob frames; ArrayBuffer
            # frames convert synchronously and keep order without a read.
            self._js.binaryType = "arraybuffer"
            for name, handler in (
                ("message", self._on_message),
                ("close", self._on_close),
                ("error", self._on_error),
            ):
                stack = contextlib.ExitStack()
                proxy = stack.enter_context(js_function(handler))
                self._js.addEventListener(name, proxy)
                self._listeners.append((name, (proxy, stack)))

    # -- listeners -------------------------------------------------------------------
    def _on_message(self, event: Any) -> None:
        data = getattr(event, "data", None)
        value = from_js(data)
        if isinstance(value, str | bytes):
            self._inbox.push_message(message_from(value))
        elif hasattr(value, "arrayBuffer"):  # a Blob frame: read it, keeping its place
            self._inbox.push_message(asyncio.ensure_future(_read_blob(value)))
        else:
            self._inbox.push_error(
                JsError("TypeError", f"unsupported WebSocket message data: {value!r}")
            )

    def _on_close(self, event: Any) -> None:
        code = _prop(event, "code")
        reason = _prop(event, "reason")
        self._inbox.push_close(
            CloseEvent(
                code=int(code) if code is not None else _NO_STATUS,
                reason=str(reason) if reason is not None else "",
                was_clean=bool(_prop(event, "wasClean")),
            )
        )
        self._release_soon()

    def _on_error(self, event: Any) -> None:
        error = getattr(event, "error", None)
        if error is not None and not isinstance(error, str):
            self._inbox.push_error(JsError.from_js(error))
        else:
            message = error or _prop(event, "message") or "WebSocket error"
            self._inbox.push_error(JsError("Error", str(message)))
        self._release_soon()

    def _release_soon(self) -> None:
        # A listener must not destroy its own proxy while JS is still calling it.
        asyncio.get_event_loop().call_soon(self._release)

    def _release(self) -> None:
        listeners, self._listeners = self._listeners or [], []
        for name, (proxy, stack) in listeners:
            with contextlib.suppress(Exception):
                self._js.removeEventListener(name, proxy)
            stack.close()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebSocket) and bool(self._js == other._js)

    def __hash__(self) -> int:
        # JsProxy is unhashable and JS identity has no number to hash; one bucket keeps
        # sets and dict keys correct (equality is JS ===) at O(n) per lookup.
        return hash(WebSocket)

    def __repr__(self) -> str:
        return "WebSocket(<js>)"


async def _read_blob(blob: Any) -> Message:
    data = from_js(await call_js(blob.arrayBuffer()))
    return message_from(data if isinstance(data, bytes) else b"")


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@attrs.frozen
class WebSocketPair:
    """The two connected ends of ``new WebSocketPair()``: return :attr:`client` in a 101
    response and handle :attr:`server` in the Worker. Unpacks as ``client, server``."""

    client: WebSocket
    """The end handed to the caller (``Response(..., web_socket=pair.client.js_object)``)."""
    server: WebSocket
    """The end this Worker accepts and talks through."""

    @classmethod
    def create(cls) -> WebSocketPair:
        """``new WebSocketPair()`` (exists only inside the Workers runtime)."""
        js: Any = importlib.import_module("js")
        constructor = getattr(js, "WebSocketPair", None)
        if constructor is None:
            raise JsError("ReferenceError", "WebSocketPair is not defined outside workerd")
        with js_errors():
            return cls.from_js(constructor.new())

    @classmethod
    def from_js(cls, js_pair: Any) -> WebSocketPair:
        """Wrap an existing JS ``WebSocketPair`` (keys ``0`` and ``1``)."""
        with js_errors():
            client, server = getattr(js_pair, "0"), getattr(js_pair, "1")
        return cls(WebSocket(client), WebSocket(server))

    def __iter__(self) -> Iterator[WebSocket]:
        return iter((self.client, self.server))
