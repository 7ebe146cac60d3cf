"""A small, pure parser of ``text/event-stream`` (server-sent events).

It follows the WHATWG event-stream rules: lines end with CRLF, LF or CR (a CR at the end of
one chunk and an LF at the start of the next are one line end); ``:`` starts a comment; a
field without a colon has an empty value; one space after the colon is dropped; ``data``
lines join with ``\\n``; a blank line dispatches the event, unless it has no data; ``id``
persists to later events; ``retry`` only takes ASCII digits; an unterminated event at the end
of the stream is dropped. It knows nothing about HTTP or JS, so the AI management (httpx) and
runtime (Pyodide) packages share it; it is tested on strings and bytes.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

import attrs

__all__ = ["SSEDecoder", "ServerSentEvent", "aiter_events", "iter_events"]


@attrs.frozen(kw_only=True)
class ServerSentEvent:
    """One dispatched event."""

    event: str = "message"
    """The event type (``message`` unless an ``event:`` field set it)."""
    data: str = ""
    """The ``data:`` lines joined with ``\\n``."""
    id: str | None = None
    """The last event id seen so far in the stream."""
    retry: int | None = None
    """The reconnection time in milliseconds, if this event set one."""

    def json(self) -> Any:
        """``data`` parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.data)


class SSEDecoder:
    """Incremental decoder: feed text or bytes chunks, get the events they complete."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._skip_lf = False  # the previous chunk ended with CR: a leading LF is its pair
        self._started = False
        self._event = ""
        self._data: list[str] = []
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: str | bytes) -> list[ServerSentEvent]:
        """Consume a chunk; return the events completed by it (possibly none)."""
        text = self._text.decode(chunk) if isinstance(chunk, bytes) else chunk
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._skip_lf and text:
            self._skip_lf = False
            text = text.removeprefix("\n")
        self._buffer += text
        events: list[ServerSentEvent] = []
        while True:
            cut = _line_end(self._buffer)
            if cut is None:
                break
            end, width = cut
            line = self._buffer[:end]
            if width == 1 and self._buffer[end] == "\r" and end + 1 == len(self._buffer):
                self._skip_lf = True  # CR at the chunk edge: a following LF belongs to it
            self._buffer = self._buffer[end + width :]
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def close(self) -> list[ServerSentEvent]:
        """End of stream: an event without its blank line is dropped (per the spec)."""
        events = self.feed(self._text.decode(b"", final=True))
        self._buffer = ""
        self._data = []
        self._event = ""
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # comment (servers send these as keep-alives)
        field, sep, value = line.partition(":")
        if sep:
            value = value.removeprefix(" ")
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id":
            if "\0" not in value:
                self._last_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        retry, self._retry = self._retry, None
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(
            event=self._event or "message",
            data="\n".join(self._data),
            id=self._last_id,
            retry=retry,
        )
        self._event = ""
        self._data = []
        return event


def _line_end(buffer: str) -> tuple[int, int] | None:
    """Index and width of the first line end (CRLF counts as one) in ``buffer``."""
    cr = buffer.find("\r")
    lf = buffer.find("\n")
    if cr == -1 and lf == -1:
        return None
    if cr == -1 or (lf != -1 and lf < cr):
        return lf, 1
    if cr + 1 < len(buffer) and buffer[cr + 1] == "\n":
        return cr, 2
    return cr, 1


def iter_events(chunks: Iterable[str | bytes]) -> Iterator[ServerSentEvent]:
    """The events of a stream given as text or byte chunks."""
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


async def aiter_events(chunks: AsyncIterable[str | bytes]) -> AsyncIterator[ServerSentEvent]:
    """The async twin of :func:`iter_events`."""
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.close():
        yield event
