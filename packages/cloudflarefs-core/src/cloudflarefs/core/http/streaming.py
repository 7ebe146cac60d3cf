"""Streaming responses: the body is read incrementally instead of being held in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping

import httpx

from cloudflarefs.core.errors import APIConnectionError, APITimeoutError

__all__ = ["AsyncStreamingResponse", "StreamingResponse"]


def _lost(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return kind(f"response body interrupted: {type(exc).__name__}", method=method, path=path)


class _Head:
    def __init__(self, response: httpx.Response, method: str, path: str) -> None:
        self._response = response
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

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.method} {self.path}>"


class StreamingResponse(_Head):
    """A successful response whose body is consumed with :meth:`iter_bytes` or :meth:`iter_lines`.

    Only valid inside the ``with client.stream(...)`` block that produced it.
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The (decoded) body in chunks of about ``chunk_size`` bytes."""
        try:
            yield from self._response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc

    def iter_lines(self) -> Iterator[str]:
        """The body as text, line by line, without line endings."""
        try:
            yield from self._response.iter_lines()
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc

    def read(self) -> bytes:
        """The rest of the body at once."""
        try:
            return self._response.read()
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc


class AsyncStreamingResponse(_Head):
    """The async twin of :class:`StreamingResponse` (``aiter_bytes``, ``aiter_lines``)."""

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The (decoded) body in chunks of about ``chunk_size`` bytes."""
        try:
            async for chunk in self._response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc

    async def aiter_lines(self) -> AsyncIterator[str]:
        """The body as text, line by line, without line endings."""
        try:
            async for line in self._response.aiter_lines():
                yield line
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc

    async def aread(self) -> bytes:
        """The rest of the body at once."""
        try:
            return await self._response.aread()
        except httpx.TransportError as exc:
            raise _lost(exc, self.method, self.path) from exc
