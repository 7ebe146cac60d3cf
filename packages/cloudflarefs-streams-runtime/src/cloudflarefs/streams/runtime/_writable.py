"""``WritableStream`` and its typed ``StreamWriter``."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import (
    backend,
    call_js,
    from_js,
    js_errors,
    js_function,
    to_js,
    to_promise,
)
from cloudflarefs.streams.runtime._checks import check_chunk, check_count
from cloudflarefs.streams.runtime._globals import js_constructor


class StreamWriter:
    """A locked writer on a :class:`WritableStream` (``stream.get_writer()``).

    ``await writer.ready()`` before each write to respect backpressure; :attr:`desired_size`
    tells how much the queue can still take.
    """

    __slots__ = ("_js",)

    def __init__(self, js_writer: Any) -> None:
        self._js: Any = js_writer

    def __repr__(self) -> str:
        return "StreamWriter(<js>)"

    async def _writer(self) -> Any:
        self._js = await call_js(self._js)
        return self._js

    @property
    def desired_size(self) -> int | None:
        """Room left in the queue (negative when over the high-water mark); ``None`` once
        the stream errored."""
        size = from_js(self._js.desiredSize)
        return None if size is None else int(size)

    async def ready(self) -> None:
        """Wait until the queue is below its high-water mark."""
        writer = await self._writer()
        await call_js(writer.ready)

    async def write(self, chunk: bytes | str) -> None:
        """Write one chunk (bytes are copied) and wait until the sink accepted it."""
        payload = to_js(check_chunk(chunk))
        writer = await self._writer()
        await call_js(writer.write(payload))

    async def close(self) -> None:
        """Close the stream after queued writes finish."""
        writer = await self._writer()
        await call_js(writer.close())

    async def abort(self, reason: str = "aborted") -> None:
        """Abort the stream, discarding queued writes; readers see ``JsError(reason)``."""
        # An Error, not a bare string: readers get a proper error (and Pyodide in Node cannot
        # survive a promise rejected with a primitive).
        error = backend().new_error(str(reason))
        writer = await self._writer()
        await call_js(writer.abort(error))

    async def closed(self) -> None:
        """Wait until the stream is closed (raises ``JsError`` if it errored)."""
        writer = await self._writer()
        await call_js(writer.closed)

    def release_lock(self) -> None:
        """Release the writer; the stream can get a new one."""
        with js_errors():
            self._js.releaseLock()


async def _writer_of(stream: Any) -> Any:
    resolved = await call_js(stream)
    return await call_js(resolved.getWriter())


class WritableStream:
    """A JS ``WritableStream`` seen from Python; wrap one or build one with :meth:`from_sink`."""

    __slots__ = ("_js",)

    def __init__(self, js_stream: Any) -> None:
        if js_stream is None:
            raise InvalidInputError("WritableStream needs a JS WritableStream, got None")
        self._js: Any = js_stream

    def __repr__(self) -> str:
        return "WritableStream(<js>)"

    @property
    def js(self) -> Any:
        """The underlying JS stream."""
        return self._js

    @property
    def locked(self) -> bool:
        """Whether a writer currently holds the stream."""
        return bool(self._js.locked)

    def get_writer(self) -> StreamWriter:
        """Lock the stream and return its writer."""
        if inspect.isawaitable(self._js):  # an injected stream that resolves later
            return StreamWriter(asyncio.ensure_future(_writer_of(self._js)))
        with js_errors():
            return StreamWriter(self._js.getWriter())

    @classmethod
    def from_sink(
        cls,
        write: Callable[[bytes | str], Awaitable[None] | None],
        *,
        close: Callable[[], Awaitable[None] | None] | None = None,
        high_water_mark: int = 1,
        streams: Any = None,
    ) -> WritableStream:
        """A stream whose chunks go to the Python callable ``write`` (sync or async).

        ``close`` runs when the stream closes. Chunks arrive as ``bytes`` or ``str``.
        """
        hwm = check_count(high_water_mark, "high_water_mark")
        callbacks = contextlib.ExitStack()

        async def on_write(chunk: Any) -> None:
            value = from_js(chunk)
            result = write(value if isinstance(value, str) else bytes(value))
            if inspect.isawaitable(result):
                await result

        async def on_close() -> None:
            callbacks.close()
            if close is not None and inspect.isawaitable(result := close()):
                await result

        async def on_abort() -> None:
            callbacks.close()

        sink = {
            "write": callbacks.enter_context(
                js_function(lambda chunk, _controller=None: to_promise(on_write(chunk)))  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
            ),
            "close": callbacks.enter_context(js_function(lambda: to_promise(on_close()))),
            "abort": callbacks.enter_context(
                js_function(lambda _reason=None: to_promise(on_abort()))  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
            ),
        }
        ctor = js_constructor("WritableStream", streams)
        with js_errors():
            return cls(ctor.new(to_js(sink), to_js({"highWaterMark": hwm})))
