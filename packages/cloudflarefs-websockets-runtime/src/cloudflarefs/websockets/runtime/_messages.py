"""Typed WebSocket values: messages, the close event, ready states and the closed error."""

from __future__ import annotations

import enum
from typing import TypeAlias

import attrs

from cloudflarefs.core import CloudflareError


@attrs.frozen
class TextMessage:
    """A text frame."""

    data: str
    """The message text."""


@attrs.frozen
class BinaryMessage:
    """A binary frame."""

    data: bytes
    """The message bytes (a copy, owned by Python)."""


Message: TypeAlias = TextMessage | BinaryMessage
"""What a WebSocket yields: :class:`TextMessage` or :class:`BinaryMessage`."""


def message_from(data: str | bytes | bytearray | memoryview) -> Message:
    """Wrap already-converted frame data (``str`` → text, bytes-like → binary)."""
    if isinstance(data, str):
        return TextMessage(data)
    return BinaryMessage(bytes(data))


@attrs.frozen
class CloseEvent:
    """How a WebSocket closed (the JS ``CloseEvent``)."""

    code: int
    """The close code (``1005`` when the peer sent none)."""
    reason: str = ""
    """The close reason ("" when none)."""
    was_clean: bool = False
    """Whether the closing handshake completed."""


class ReadyState(enum.IntEnum):
    """``WebSocket.readyState`` values."""

    CONNECTING = 0
    OPEN = 1
    CLOSING = 2
    CLOSED = 3


class WebSocketClosedError(CloudflareError):
    """``receive()`` was called on a WebSocket that has closed; ``close_event`` says how."""

    def __init__(self, close_event: CloseEvent) -> None:
        super().__init__(
            f"WebSocket closed (code {close_event.code}"
            + (f", reason {close_event.reason!r})" if close_event.reason else ")")
        )
        self.close_event = close_event
