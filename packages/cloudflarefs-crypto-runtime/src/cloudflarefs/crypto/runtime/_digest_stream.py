"""``DigestStream``: workerd's incremental digest as a typed writer."""

from __future__ import annotations

from typing import Any, Final, get_args

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import call_js, from_js, to_js
from cloudflarefs.crypto.runtime._globals import js_global
from cloudflarefs.crypto.runtime._types import DigestAlgorithm, check_choice, check_data

_DIGESTS: Final = get_args(DigestAlgorithm)


class DigestStream:
    """Hash data incrementally: write chunks, close, then read :meth:`digest`.

    ::

        stream = DigestStream("SHA-256")
        await stream.write(b"part 1")
        await stream.write(b"part 2")
        digest = await stream.digest()  # closes the stream first if needed

    ``DigestStream`` exists only in workerd. Pass ``crypto=`` (an object with a
    ``DigestStream`` constructor, JS-style ``.new(algorithm)``) to use another implementation;
    the constructor may return the stream or an awaitable of it. :attr:`writable` is the raw
    JS ``WritableStream`` for ``readable.pipeTo(...)``.
    """

    __slots__ = ("_closed", "_js", "_writer")

    def __init__(self, algorithm: DigestAlgorithm, *, crypto: Any = None) -> None:
        check_choice(algorithm, _DIGESTS, "digest algorithm")
        source = js_global("crypto") if crypto is None else crypto
        self._js: Any = source.DigestStream.new(algorithm)
        self._writer: Any = None
        self._closed = False

    def __repr__(self) -> str:
        return f"DigestStream(closed={self._closed})"

    async def _stream(self) -> Any:
        self._js = await call_js(self._js)
        return self._js

    @property
    def writable(self) -> Any:
        """The underlying JS ``WritableStream`` (do not mix with :meth:`write`)."""
        return self._js

    async def _get_writer(self) -> Any:
        if self._writer is None:
            stream = await self._stream()
            self._writer = await call_js(stream.getWriter())
        return self._writer

    async def write(self, data: bytes) -> None:
        """Add ``data`` to the digest."""
        if self._closed:
            raise InvalidInputError("the DigestStream is closed")
        chunk = to_js(check_data(data))
        writer = await self._get_writer()
        await call_js(writer.write(chunk))

    async def close(self) -> None:
        """Finish writing; idempotent."""
        if self._closed:
            return
        writer = await self._get_writer()
        await call_js(writer.close())
        self._closed = True

    async def digest(self) -> bytes:
        """The digest of everything written (closes the stream first)."""
        await self.close()
        stream = await self._stream()
        value = from_js(await call_js(stream.digest))
        if not isinstance(value, bytes):
            raise ResponseDecodeError(f"expected digest bytes, got {type(value).__name__}")
        return value
