"""Byte streams across the boundary: read a JS ``ReadableStream`` as ``bytes`` chunks, or expose a
Python async iterable of bytes to JS as a ``ReadableStream``."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterable, AsyncIterator, Generator
from typing import Any

from cloudflarefs.core.js.awaiting import call_js, to_promise
from cloudflarefs.core.js.callables import js_function
from cloudflarefs.core.js.convert import from_js, to_js
from cloudflarefs.core.js.errors import JsConversionError

ByteChunk = bytes | bytearray | memoryview
"""What a Python byte source may yield."""

# Node hands out Buffer chunks (a Uint8Array subclass) that Pyodide 314 refuses to proxy
# ("Unknown typed array type 'Buffer'"); re-view them as plain Uint8Arrays on the JS side.
_PLAIN_CHUNK = (
    "return r.done || !(r.value instanceof Uint8Array) ? r : "
    "{done: false, value: new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength)}"
)
_plain_chunk: list[Any] = []


def _plain_chunk_fn() -> Any:
    if not _plain_chunk:
        _plain_chunk.append(importlib.import_module("js").Function.new("r", _PLAIN_CHUNK))
    return _plain_chunk[0]


async def aiter_bytes(js_stream: Any) -> AsyncIterator[bytes]:
    """Each chunk of a JS ``ReadableStream`` of bytes, copied into ``bytes``.

    The reader lock is released when iteration stops early; a non-byte chunk raises
    :class:`JsConversionError`.
    """
    reader = await call_js(js_stream.getReader())
    plain = _plain_chunk_fn()
    try:
        while True:
            step = await call_js(reader.read().then(plain))
            if bool(step.done):
                return
            chunk = from_js(step.value)
            if not isinstance(chunk, bytes):
                raise JsConversionError(f"expected a byte chunk, got {type(chunk).__name__}")
            yield chunk
    finally:
        with contextlib.suppress(Exception):
            reader.releaseLock()


@contextlib.contextmanager
def readable_stream(source: AsyncIterable[ByteChunk]) -> Generator[Any]:
    """A JS ``ReadableStream`` pulling chunks from ``source``, valid inside the block.

    The stream asks for the next chunk only when its consumer reads (backpressure). Hand it to
    a JS call and await that call inside the block; leaving the block destroys the callbacks.
    A chunk that is not bytes-like errors the stream.
    """
    iterator = aiter(source)

    async def pull(controller: Any) -> None:
        try:
            chunk = await anext(iterator)
        except StopAsyncIteration:
            controller.close()
            return
        if not isinstance(chunk, bytes | bytearray | memoryview):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise JsConversionError(f"stream chunks must be bytes-like, got {type(chunk).__name__}")
        controller.enqueue(to_js(chunk))

    async def cancel() -> None:
        closer = getattr(iterator, "aclose", None)
        if closer is not None:
            await closer()

    with (
        js_function(lambda controller: to_promise(pull(controller))) as pull_js,  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
        js_function(lambda _reason=None: to_promise(cancel())) as cancel_js,  # pyright: ignore[reportUnknownLambdaType, reportUnknownArgumentType]
    ):
        ctor: Any = importlib.import_module("js").ReadableStream
        yield ctor.new(to_js({"pull": pull_js, "cancel": cancel_js}))
