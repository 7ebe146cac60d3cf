"""Streaming responses: the body is read incrementally instead of being held in memory.

Both the streamed and the buffered bodies are read here, raw chunk by raw chunk, through a
:class:`~cloudflarefs.core.http._body.BodyDecoder`: the call's ``total_timeout`` is checked
before every chunk and compressed data is inflated a bounded piece at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping

import httpx

from cloudflarefs.core.errors import APIConnectionError, APITimeoutError, ResponseTooLargeError
from cloudflarefs.core.http._body import BodyDecoder, LineSplitter, Rechunker

__all__ = [
    "AsyncStreamingResponse",
    "StreamingResponse",
    "aread_body",
    "read_body",
]


def _raw_chunks(response: httpx.Response) -> Iterator[bytes]:
    if response.is_stream_consumed:
        # The transport built the response from bytes in memory (MockTransport): decoded already.
        yield response.content
        return
    yield from response.iter_raw()


async def _araw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    if response.is_stream_consumed:
        yield response.content
        return
    async for chunk in response.aiter_raw():
        yield chunk


def read_body(response: httpx.Response, decoder: BodyDecoder) -> bytes:
    """The whole decoded body, read under ``decoder``'s deadline and size limit.

    Transport failures propagate as httpx errors (the retry loop classifies them).
    """
    parts = [piece for raw in _raw_chunks(response) for piece in decoder.feed(raw)]
    parts.append(decoder.flush())
    return b"".join(parts)


async def aread_body(response: httpx.Response, decoder: BodyDecoder) -> bytes:
    """The async twin of :func:`read_body`."""
    parts: list[bytes] = []
    async for raw in _araw_chunks(response):
        parts.extend(decoder.feed(raw))
    parts.append(decoder.flush())
    return b"".join(parts)


def _lost(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return kind(f"response body interrupted: {type(exc).__name__}", method=method, path=path)


class _Head:
    def __init__(
        self,
        response: httpx.Response,
        method: str,
        path: str,
        decoder: BodyDecoder,
        max_read_size: int | None = None,
    ) -> None:
        self._response = response
        self._decoder = decoder
        self._max_read_size = max_read_size
        self.method = method
        """The request method."""
        self.path = path
        """The request path (without the query string)."""
        self.status_code: int = response.status_code
        """The HTTP status (always 2xx: error statuses raise before the body is streamed)."""
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in response.headers.items()}
        """Response headers, names lower-cased."""

    @property
    def ray_id(self) -> str | None:
        """The ``cf-ray`` header, Cloudflare's request id."""
        return self.headers.get("cf-ray")

    def _check_read_size(self, size: int) -> None:
        if self._max_read_size is not None and size > self._max_read_size:
            raise ResponseTooLargeError(
                limit=self._max_read_size, method=self.method, path=self.path
            )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.method} {self.path}>"


class StreamingResponse(_Head):
    """A successful response whose body is consumed with :meth:`iter_bytes` or :meth:`iter_lines`.

    Only valid inside the ``with client.stream(...)`` block that produced it. The call's
    ``total_timeout`` (if any) covers reading the body; there is no size limit, except for
    :meth:`read`, which holds the whole body and so obeys the client's ``max_response_size``.
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The (decoded) body in chunks of ``chunk_size`` bytes (as they arrive if ``None``)."""
        rechunker = Rechunker(chunk_size)
        try:
            for raw in _raw_chunks(self._response):
                for piece in self._decoder.feed(raw):
                    yield from rechunker.feed(piece)
            yield from rechunker.feed(self._decoder.flush())
            yield from rechunker.flush()
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc

    def iter_lines(self) -> Iterator[str]:
        """The body as text, line by line, without line endings."""
        splitter = LineSplitter()
        for chunk in self.iter_bytes():
            yield from splitter.feed(chunk)
        yield from splitter.flush()

    def read(self) -> bytes:
        """The rest of the body at once (at most the client's ``max_response_size``)."""
        parts: list[bytes] = []
        size = 0
        for chunk in self.iter_bytes():
            size += len(chunk)
            self._check_read_size(size)
            parts.append(chunk)
        return b"".join(parts)


class AsyncStreamingResponse(_Head):
    """The async twin of :class:`StreamingResponse` (``aiter_bytes``, ``aiter_lines``, ``aread``)."""

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
            raise _lost(exc, self.method, self.path) from exc

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
