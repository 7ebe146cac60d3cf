"""WebSocket client sessions against the loaded Worker (:meth:`Harness.websocket`).

The upgrade request goes through workerd like any request; the client end stays in the Node
process, which queues every frame and the close event in arrival order until the host reads
them with :meth:`WebSocketSession.receive`.
"""

from __future__ import annotations

import base64
import json
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import attrs

from cloudflarefs.testing.errors import HarnessError

if TYPE_CHECKING:
    from cloudflarefs.testing.harness import Harness

RECEIVE_TIMEOUT = 60.0
"""Seconds :meth:`WebSocketSession.receive` waits: a safety net, not a test timer."""


class WebSocketClosed(HarnessError):
    """The server closed the session; ``code`` and ``reason`` say how."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"the WebSocket closed with code {code} ({reason!r})")
        self.code = code
        self.reason = reason


class WebSocketUpgradeRefused(HarnessError):
    """The Worker answered the upgrade request with something other than a 101."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"the Worker answered the WebSocket upgrade with {status}: {body[:200]!r}")
        self.status = status
        self.body = body


@attrs.frozen
class Closed:
    """The close event a session received."""

    code: int
    reason: str


class WebSocketSession:
    """The client end of a WebSocket connected to the Worker; use it as a context manager."""

    def __init__(self, harness: Harness, session: int) -> None:
        self._harness = harness
        self._id = session
        self.closed: Closed | None = None
        """Set once :meth:`receive` has seen the close event."""

    def send(self, data: str | bytes) -> None:
        """Send a text (``str``) or binary (``bytes``) frame."""
        if isinstance(data, str):
            self._harness.command("ws_send", session=self._id, text=data)
        else:
            binary = base64.b64encode(bytes(data)).decode()
            self._harness.command("ws_send", session=self._id, binary=binary)

    def send_json(self, value: Any) -> None:
        """Send ``value`` as a JSON text frame."""
        self.send(json.dumps(value))

    def receive(self, timeout: float = RECEIVE_TIMEOUT) -> str | bytes:
        """The next frame, in arrival order; raises :class:`WebSocketClosed` at the close."""
        event = self._harness.command(
            "ws_receive", session=self._id, wait=timeout, timeout=timeout + 30
        )
        kind = event["type"]
        if kind == "text":
            return str(event["data"])
        if kind == "binary":
            return base64.b64decode(event["data"])
        if kind == "close":
            self.closed = Closed(int(event["code"]), str(event["reason"]))
            raise WebSocketClosed(self.closed.code, self.closed.reason)
        raise HarnessError(f"WebSocket error: {event.get('message')}")

    def receive_json(self, timeout: float = RECEIVE_TIMEOUT) -> Any:
        """The next frame parsed as JSON."""
        return json.loads(self.receive(timeout))

    def close(self, code: int | None = 1000, reason: str | None = None) -> None:
        """Start the closing handshake (idempotent)."""
        self._harness.command("ws_close", session=self._id, code=code, reason=reason)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_session(
    harness: Harness, url: str, headers: dict[str, str], *, raise_on_error: bool
) -> WebSocketSession:
    """Send the upgrade request and wrap the accepted client end."""
    if url.startswith("/"):
        url = "http://localhost" + url
    reply = harness.command("ws_open", url=url, headers=headers)
    if raise_on_error:
        harness.raise_errors(reply["errors"])
    if reply["status"] != 101:
        raise WebSocketUpgradeRefused(int(reply["status"]), base64.b64decode(reply["body"]))
    return WebSocketSession(harness, int(reply["session"]))
