"""The receive side of a WebSocket as a pure state machine (no JS), fed by event listeners."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable

from cloudflarefs.core.js import JsError
from cloudflarefs.websockets.runtime._messages import (
    BinaryMessage,
    CloseEvent,
    Message,
    TextMessage,
    WebSocketClosedError,
)


class Inbox:
    """Messages in arrival order, then the end: a :class:`CloseEvent` or an error.

    Listeners call the ``push_*`` methods synchronously; :meth:`receive` waits for the next
    item. Messages that arrived before the end are still delivered after it.
    """

    __slots__ = ("_close", "_error", "_items", "_waiter")

    def __init__(self) -> None:
        # An item may be pending (a Blob still being read) so that order is kept.
        self._items: collections.deque[Message | Awaitable[Message]] = collections.deque()
        self._close: CloseEvent | None = None
        self._error: JsError | None = None
        self._waiter: asyncio.Future[None] | None = None

    @property
    def close_event(self) -> CloseEvent | None:
        """How the socket closed, once the close event has arrived."""
        return self._close

    @property
    def error(self) -> JsError | None:
        """The error event's error, if one arrived."""
        return self._error

    @property
    def ended(self) -> bool:
        """Whether a close or error event has arrived."""
        return self._close is not None or self._error is not None

    def push_message(self, message: Message | Awaitable[Message]) -> None:
        """A message event (ignored once the socket has ended)."""
        if not self.ended:
            self._items.append(message)
            self._wake()

    def push_close(self, event: CloseEvent) -> None:
        """The close event; the first one wins."""
        if self._close is None:
            self._close = event
            self._wake()

    def push_error(self, error: JsError) -> None:
        """The error event; the first one wins."""
        if self._error is None:
            self._error = error
            self._wake()

    async def receive(self) -> Message:
        """The next message; raises :class:`WebSocketClosedError` or the error at the end."""
        while True:
            if self._items:
                item = self._items.popleft()
                if isinstance(item, TextMessage | BinaryMessage):
                    return item
                return await item
            if self._close is not None:
                raise WebSocketClosedError(self._close)
            if self._error is not None:
                raise self._error
            waiter = asyncio.get_running_loop().create_future()
            self._waiter = waiter
            try:
                await waiter
            finally:
                self._waiter = None

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)
