"""``ReadableStream``: Python async iteration over JS readable streams, and Python sources."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
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

if TYPE_CHECKING:
    from cloudflarefs.streams.runtime._transform import TransformStream
    from cloudflarefs.streams.runtime._writable import WritableStream

DEFAULT_CHUNK_SIZE = 64 * 1024
"""Chunk size :meth:`ReadableStream.from_bytes` splits data into."""


async def _as_async(source: Iterable[Any] | AsyncIterable[Any]) -> AsyncGenerator[Any]:
    if isinstance(source, AsyncIterable):
        async for item in source:  # pyright: ignore[reportUnknownVariableType]
            yield item
    else:
        for item in source:
            yield item


class ReadableStream:
    """A JS ``ReadableStream`` seen from Python.

    Wrap an existing stream (``ReadableStream(request.body)``) or build one from Python data
    with :meth:`from_iterable` / :meth:`from_bytes`. Iterating (``async for chunk in stream``)
    yields ``bytes`` (copied out of JS); :meth:`iter_text` yields ``str`` for text streams.
    """

    __slots__ = ("_js",)

    def __init__(self, js_stream: Any) -> None:
        if js_stream is None:
            raise InvalidInputError("ReadableStream needs a JS ReadableStream, got None")
        self._js: Any = js_stream

    def __repr__(self) -> str:
        return "ReadableStream(<js>)"

    @property
    def js(self) -> Any:
        """The underlying JS stream (for ``Response(stream.js)`` and other JS APIs)."""
        return self._js

    @property
    def locked(self) -> bool:
        """Whether a reader currently holds the stream."""
        return bool(self._js.locked)

    # ---- building from Python -----------------------------------------------------------

    @classmethod
    def from_iterable(
        cls,
        source: Iterable[bytes | str] | AsyncIterable[bytes | str],
        *,
        high_water_mark: int = 1,
        streams: Any = None,
    ) -> ReadableStream:
        """A stream that pulls chunks from ``source`` lazily.

        The JS stream asks for a chunk only while its queue holds fewer than
        ``high_water_mark`` chunks, so a slow reader is never run ahead of by more than that
        (backpressure). Cancelling the stream closes an async generator source. A chunk that
        is not bytes-like or ``str`` errors the stream.
        """
        if isinstance(source, str | bytes | bytearray | memoryview):
            raise InvalidInputError("from_iterable needs an iterable of chunks; use from_bytes")
        hwm = check_count(high_water_mark, "high_water_mark")
        iterator = _as_async(source)
        source_obj = source
        callbacks = contextlib.ExitStack()

        async def pull(controller: Any) -> None:
            try:
                chunk = await anext(iterator)
            except StopAsyncIteration:
                callbacks.close()
                controller.close()
                return
            except BaseException:
                callbacks.close()
                raise
            controller.enqueue(to_js(check_chunk(chunk)))

        async def cancel() -> None:
            callbacks.close()
            await iterator.aclose()
            closer = getattr(source_obj, "aclose", None)
            if closer is not None:
                await closer()

        pull_js = callbacks.enter_context(js_function(lambda c: to_promise(pull(c))))  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
        cancel_js = callbacks.enter_context(js_function(lambda _reason=None: to_promise(cancel())))  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
        ctor = js_constructor("ReadableStream", streams)
        with js_errors():
            js_stream = ctor.new(
                to_js({"pull": pull_js, "cancel": cancel_js}), to_js({"highWaterMark": hwm})
            )
        return cls(js_stream)

    @classmethod
    def from_bytes(
        cls, data: bytes, *, chunk_size: int = DEFAULT_CHUNK_SIZE, streams: Any = None
    ) -> ReadableStream:
        """A stream of ``data`` (copied), in chunks of at most ``chunk_size`` bytes."""
        payload = check_chunk(data)
        if isinstance(payload, str):
            raise InvalidInputError("from_bytes needs bytes; encode str first")
        size = check_count(chunk_size, "chunk_size", minimum=1)
        chunks = [payload[i : i + size] for i in range(0, len(payload), size)]
        return cls.from_iterable(chunks, high_water_mark=1, streams=streams)

    # ---- reading ------------------------------------------------------------------------

    async def _values(self) -> AsyncGenerator[Any]:
        stream = await call_js(self._js)
        reader = await call_js(stream.getReader())
        try:
            while True:
                result = from_js(await call_js(reader.read()), objects="all")
                if not isinstance(result, dict):
                    raise ResponseDecodeError(f"reader.read() gave {result!r}")
                if result.get("done"):  # pyright: ignore[reportUnknownMemberType]
                    return
                yield result.get("value")  # pyright: ignore[reportUnknownMemberType]
        finally:
            with contextlib.suppress(Exception):
                await call_js(reader.releaseLock())

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.iter_bytes()

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Each chunk as ``bytes``; a text chunk raises ``ResponseDecodeError``."""
        async with contextlib.aclosing(self._values()) as values:
            async for value in values:
                if not isinstance(value, bytes):
                    raise ResponseDecodeError(
                        f"expected a byte chunk, got {type(value).__name__} (use iter_text for text)"
                    )
                yield value

    async def iter_text(self) -> AsyncIterator[str]:
        """Each chunk as ``str`` (for text streams such as ``TextDecoderStream`` output)."""
        async with contextlib.aclosing(self._values()) as values:
            async for value in values:
                if not isinstance(value, str):
                    raise ResponseDecodeError(
                        f"expected a text chunk, got {type(value).__name__} (use iter_bytes)"
                    )
                yield value

    async def read_bytes(self) -> bytes:
        """Everything, concatenated."""
        return b"".join([chunk async for chunk in self.iter_bytes()])

    async def read_text(self) -> str:
        """All text chunks, concatenated."""
        return "".join([chunk async for chunk in self.iter_text()])

    # ---- composition --------------------------------------------------------------------

    def pipe_through(self, transform: TransformStream) -> ReadableStream:
        """``stream.pipeThrough(transform)``: the transform's readable side."""
        pair = to_js({"readable": transform.readable.js, "writable": transform.writable.js})
        with js_errors():
            return ReadableStream(self._js.pipeThrough(pair))

    async def pipe_to(
        self,
        destination: WritableStream,
        *,
        prevent_close: bool = False,
        prevent_abort: bool = False,
        prevent_cancel: bool = False,
    ) -> None:
        """Pipe everything into ``destination`` and wait until done."""
        options = to_js(
            {
                "preventClose": prevent_close,
                "preventAbort": prevent_abort,
                "preventCancel": prevent_cancel,
            }
        )
        await call_js(self._js.pipeTo(destination.js, options))

    def tee(self) -> tuple[ReadableStream, ReadableStream]:
        """Two independent streams with the same data (this one becomes locked)."""
        with js_errors():
            branches = self._js.tee()
        return ReadableStream(branches[0]), ReadableStream(branches[1])

    async def cancel(self, reason: str = "cancelled") -> None:
        """Cancel the stream; the source is told ``reason`` (as a JS ``Error``)."""
        await call_js(self._js.cancel(backend().new_error(str(reason))))
