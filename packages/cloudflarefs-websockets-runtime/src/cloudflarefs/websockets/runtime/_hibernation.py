"""Glue to the Durable Object WebSocket hibernation API of ``cloudflarefs.durable_objects``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cloudflarefs.core import InvalidInputTypeError
from cloudflarefs.core.js import JsError
from cloudflarefs.durable_objects.runtime import DurableObject, DurableObjectState
from cloudflarefs.websockets.runtime._messages import CloseEvent, Message, message_from
from cloudflarefs.websockets.runtime._socket import WebSocket


def _js_of(ws: WebSocket) -> Any:
    if not isinstance(ws, WebSocket):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"expected a WebSocket wrapper, got {type(ws).__name__}")
    return ws.js_object


def accept_hibernatable(state: DurableObjectState, ws: WebSocket, tags: Iterable[str] = ()) -> None:
    """``ctx.acceptWebSocket(ws, tags)``: the object may hibernate while ``ws`` stays open;
    its events then arrive at the Durable Object's hooks, not at ``ws.receive()``."""
    state.accept_web_socket(_js_of(ws), tags)


def hibernatable_web_sockets(state: DurableObjectState, tag: str | None = None) -> list[WebSocket]:
    """The sockets accepted with :func:`accept_hibernatable` (those carrying ``tag``)."""
    return [WebSocket(js_ws) for js_ws in state.get_web_sockets(tag)]


def web_socket_tags(state: DurableObjectState, ws: WebSocket) -> list[str]:
    """The tags ``ws`` was accepted with."""
    return state.get_tags(_js_of(ws))


class WebSocketDurableObject(DurableObject):
    """A :class:`~cloudflarefs.durable_objects.runtime.DurableObject` whose hibernation hooks
    get typed values::

        class Room(WebSocketDurableObject):
            async def fetch(self, request):
                client, server = WebSocketPair.create()
                self.accept_web_socket(server, tags=["room"])
                return Response(None, status=101, web_socket=client.js_object)

            async def on_web_socket_message(self, ws: WebSocket, message: Message) -> None:
                for peer in self.get_web_sockets("room"):
                    peer.send(message.data)

    Override :meth:`on_web_socket_message`, :meth:`on_web_socket_close` and
    :meth:`on_web_socket_error`; each does nothing by default.
    """

    def accept_web_socket(self, ws: WebSocket, tags: Iterable[str] = ()) -> None:
        """Accept ``ws`` for hibernation with up to 10 ``tags``."""
        accept_hibernatable(self.state, ws, tags)

    def get_web_sockets(self, tag: str | None = None) -> list[WebSocket]:
        """The accepted sockets, or those carrying ``tag``."""
        return hibernatable_web_sockets(self.state, tag)

    def get_tags(self, ws: WebSocket) -> list[str]:
        """The tags ``ws`` was accepted with."""
        return web_socket_tags(self.state, ws)

    # The base class converts the runtime's JS arguments; these wrap them in our types.
    async def web_socket_message(self, ws: Any, message: str | bytes) -> None:
        """Calls :meth:`on_web_socket_message` with typed values."""
        await self.on_web_socket_message(WebSocket(ws), message_from(message))

    async def web_socket_close(self, ws: Any, code: int, reason: str, was_clean: bool) -> None:
        """Calls :meth:`on_web_socket_close` with a :class:`CloseEvent`."""
        await self.on_web_socket_close(WebSocket(ws), CloseEvent(code, reason, was_clean))

    async def web_socket_error(self, ws: Any, error: JsError) -> None:
        """Calls :meth:`on_web_socket_error`."""
        await self.on_web_socket_error(WebSocket(ws), error)

    async def on_web_socket_message(self, ws: WebSocket, message: Message) -> None:
        """A hibernatable socket received ``message``."""

    async def on_web_socket_close(self, ws: WebSocket, event: CloseEvent) -> None:
        """A hibernatable socket closed (on compatibility dates before 2026-04-07, reply
        with ``ws.close(...)`` to finish the handshake)."""

    async def on_web_socket_error(self, ws: WebSocket, error: JsError) -> None:
        """A hibernatable socket failed."""
