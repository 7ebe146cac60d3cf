"""Streaming ``ai.run(..., stream=True)``: open the response, then yield parsed events.

The response is opened when ``run`` is called, so an HTTP error raises there (with
Cloudflare's error body parsed) rather than on first iteration. Iteration stops at the
``data: [DONE]`` sentinel or the end of the body; the connection is released then, on
``close()``, or when the ``with`` block ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from types import TracebackType
from typing import Self

from cloudflarefs.ai.management._generated._transport import AsyncStreamResponse, StreamResponse
from cloudflarefs.core.envelope import parse_envelope
from cloudflarefs.core.sse import ServerSentEvent, aiter_events, iter_events
from cloudflarefs.core.wire import ApiRequest, ApiResponse

__all__ = ["DONE", "AsyncEventStream", "EventStream"]

DONE = "[DONE]"
"""The data of the event that ends a Workers AI stream."""


def _raise_error(request: ApiRequest, status: int, headers: object, body: bytes) -> None:
    response = ApiResponse(
        status_code=status,
        headers=dict(headers),  # pyright: ignore[reportCallIssue,reportArgumentType,reportUnknownArgumentType]
        content=body,
        method=request.method,
        path=request.path,
    )
    parse_envelope(response)  # raises the status's APIStatusError with Cloudflare's errors[]


class EventStream:
    """Server-sent events of one model run (sync): iterate it, ideally inside ``with``."""

    def __init__(
        self, manager: AbstractContextManager[StreamResponse], request: ApiRequest
    ) -> None:
        self._manager = manager
        self._closed = False
        response = manager.__enter__()
        if response.status_code >= 300:
            try:
                body = b"".join(response.iter_bytes())
            finally:
                self.close()
            _raise_error(request, response.status_code, response.headers, body)
        self._response = response

    def __iter__(self) -> Iterator[ServerSentEvent]:
        try:
            for event in iter_events(self._response.iter_bytes()):
                if event.data == DONE:
                    return
                yield event
        finally:
            self.close()

    def close(self) -> None:
        """Release the connection (idempotent)."""
        if not self._closed:
            self._closed = True
            self._manager.__exit__(None, None, None)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncEventStream:
    """Server-sent events of one model run (async): ``async for`` it, ideally in ``async with``."""

    def __init__(self, manager: AbstractAsyncContextManager[AsyncStreamResponse]) -> None:
        self._manager = manager
        self._closed = False
        self._response: AsyncStreamResponse | None = None

    @classmethod
    async def open(
        cls, manager: AbstractAsyncContextManager[AsyncStreamResponse], request: ApiRequest
    ) -> AsyncEventStream:
        """Send the request and check its status (raises on an error response)."""
        stream = cls(manager)
        response = await manager.__aenter__()
        if response.status_code >= 300:
            try:
                body = b"".join([chunk async for chunk in response.aiter_bytes()])
            finally:
                await stream.aclose()
            _raise_error(request, response.status_code, response.headers, body)
        stream._response = response
        return stream

    async def __aiter__(self) -> AsyncIterator[ServerSentEvent]:
        assert self._response is not None, "use AsyncEventStream.open()"
        try:
            async for event in aiter_events(self._response.aiter_bytes()):
                if event.data == DONE:
                    return
                yield event
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        """Release the connection (idempotent)."""
        if not self._closed:
            self._closed = True
            await self._manager.__aexit__(None, None, None)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
