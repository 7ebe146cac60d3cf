"""Async streamed and buffered bodies (the source of the derived sync ``_sync_streaming``).

Both the streamed and the buffered bodies are read here, raw chunk by raw chunk, through a
:class:`~cloudflarefs.core.http._body.BodyDecoder`: the call's ``total_timeout`` is checked
before every chunk and compressed data is inflated a bounded piece at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from cloudflarefs.core.http._body import BodyDecoder, LineSplitter, Rechunker
from cloudflarefs.core.http._stream_head import ResponseHead, body_lost

__all__ = ["AsyncStreamingResponse", "aread_body"]


async def _araw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    if response.is_stream_consumed:
        # The transport built the response from bytes in memory (MockTransport): decoded already.
        yield response.content
        return
    async for chunk in response.aiter_raw():
        yield chunk


async def aread_body(response: httpx.Response, decoder: BodyDecoder) -> bytes:
    """The whole decoded body, read under ``decoder``'s deadline and size limit.

    Transport failures propagate as httpx errors (the retry loop classifies them).
    """
    parts: list[bytes] = []
    async for raw in _araw_chunks(response):
        parts.extend(decoder.feed(raw))
    parts.append(decoder.flush())
    return b"".join(parts)


class AsyncStreamingResponse(ResponseHead):
    """A successful response whose body is consumed with :meth:`aiter_bytes` or :meth:`aiter_lines`.

    Only valid inside the ``async with client.stream(...)`` block that produced it. The call's
    ``total_timeout`` (if any) covers reading the body; there is no size limit, except for
    :meth:`aread`, which holds the whole body and so obeys the client's ``max_response_size``.
    """

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The (decoded) body in chunks of ``chunk_size`` bytes (as they arrive if ``None``)."""
        rechunker = Rechunker(chunk_size)
        try:
            async for raw in _araw_chunks(self._response):
                for piece in self._decoder.feed(raw):
                    for chunk in rechunker.feed(piece):
                        yield chunk
            for chunk in rechunker.feed(self._decoder.flush()):
                yield chunk
            for chunk in rechunker.flush():
                yield chunk
        except httpx.TransportError as exc:
            raise body_lost(exc, self.method, self.path) from exc

    async def aiter_lines(self) -> AsyncIterator[str]:
        """The body as text, line by line, without line endings."""
        splitter = LineSplitter()
        async for chunk in self.aiter_bytes():
            for line in splitter.feed(chunk):
                yield line
        for line in splitter.flush():
            yield line

    async def aread(self) -> bytes:
        """The rest of the body at once (at most the client's ``max_response_size``)."""
        parts: list[bytes] = []
        size = 0
        async for chunk in self.aiter_bytes():
            size += len(chunk)
            self._check_read_size(size)
            parts.append(chunk)
        return b"".join(parts)
