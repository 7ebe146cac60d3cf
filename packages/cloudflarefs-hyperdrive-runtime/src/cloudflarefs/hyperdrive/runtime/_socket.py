"""``Socket``: a typed façade over the JS ``Socket`` that ``connect()`` returns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import (
    JsConversionError,
    call_js,
    from_js,
    invoke_js,
    js_errors,
    to_js,
)


@attrs.frozen(kw_only=True)
class SocketInfo:
    """What ``Socket.opened`` resolves to: the addresses of the connection, when known."""

    remote_address: str | None = None
    local_address: str | None = None


def socket_info_from_py(data: object) -> SocketInfo:
    """Structure the ``opened`` value (a plain dict after ``from_js``)."""
    if not isinstance(data, dict):
        return SocketInfo()
    fields: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    remote, local = fields.get("remoteAddress"), fields.get("localAddress")
    return SocketInfo(
        remote_address=remote if isinstance(remote, str) else None,
        local_address=local if isinstance(local, str) else None,
    )


class Socket:
    """An outbound TCP socket (the JS ``Socket`` of ``cloudflare:sockets``).

    ``readable`` and ``writable`` are the raw JS streams; :meth:`read`, :meth:`write` and
    :meth:`iter_bytes` use them with bytes in and out (always copied). Readers and writers are
    locked on first use and released by :meth:`close`.
    """

    __slots__ = ("_js", "_reader", "_writer")

    def __init__(self, js_socket: Any) -> None:
        if js_socket is None:
            raise InvalidInputError("Socket needs a JS Socket, got None")
        self._js: Any = js_socket
        self._reader: Any = None
        self._writer: Any = None

    def __repr__(self) -> str:
        return "Socket(<js>)"

    @property
    def readable(self) -> Any:
        """The JS ``ReadableStream`` of bytes from the peer."""
        return self._js.readable

    @property
    def writable(self) -> Any:
        """The JS ``WritableStream`` of bytes to the peer."""
        return self._js.writable

    async def opened(self) -> SocketInfo:
        """Wait until the connection is established (raises ``JsError`` if it cannot be)."""
        return socket_info_from_py(from_js(await call_js(self._js.opened), objects="all"))

    async def closed(self) -> None:
        """Wait until the socket is closed (by either side)."""
        await call_js(self._js.closed)

    async def write(self, data: bytes | bytearray | memoryview) -> None:
        """Write ``data`` (copied into JS memory) and wait until the stream accepts it."""
        if not isinstance(data, bytes | bytearray | memoryview):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"Socket.write takes bytes, got {type(data).__name__}")
        chunk = to_js(bytes(data))
        with js_errors():
            if self._writer is None:
                self._writer = self._js.writable.getWriter()
        await invoke_js(self._writer.write, chunk)

    async def read(self) -> bytes | None:
        """The next chunk from the peer, or ``None`` once the peer has closed its side."""
        with js_errors():
            if self._reader is None:
                self._reader = self._js.readable.getReader()
        step = await invoke_js(self._reader.read)
        if bool(step.done):
            return None
        chunk = from_js(step.value)
        if not isinstance(chunk, bytes):
            raise JsConversionError(f"expected a byte chunk, got {type(chunk).__name__}")
        return chunk

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Every chunk until the peer closes."""
        while (chunk := await self.read()) is not None:
            yield chunk

    async def close(self) -> None:
        """Close both directions and wait for the socket to finish closing."""
        await invoke_js(self._js.close)
