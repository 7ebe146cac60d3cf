"""Reading a response body under limits, without I/O, shared by the sync and async drivers.

The drivers feed the raw (still content-encoded) chunks as they arrive; :class:`BodyDecoder`
checks the call's deadline before each one, inflates ``gzip``/``deflate`` a bounded piece at a
time (a small compressed chunk can never expand in memory all at once), and stops with
:class:`~cloudflarefs.core.errors.ResponseTooLargeError` as soon as the decoded size passes
the limit. :class:`LineSplitter` and :class:`Rechunker` shape a streamed body.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from cloudflarefs.core.errors import ResponseDecodeError, ResponseTooLargeError

__all__ = [
    "ACCEPT_ENCODING",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "PIECE_SIZE",
    "BodyDecoder",
    "LineSplitter",
    "Rechunker",
]

DEFAULT_MAX_RESPONSE_SIZE: Final = 64 * 1024 * 1024
"""64 MiB: the largest decoded body a buffered (non-streamed) response may have.

Above every payload a management call reads whole (the largest, a KV value, is 25 MiB);
large downloads have streaming methods, which have no size limit."""

ACCEPT_ENCODING: Final = "gzip"
"""Sent with every request: the only compression that is decoded (under the limits)."""

PIECE_SIZE: Final = 64 * 1024
"""The most one inflate step produces: what a compressed chunk may occupy once decoded."""

_GZIP = frozenset({"gzip", "x-gzip"})


def _is_zlib_header(head: bytes) -> bool:
    # RFC 1950: method 8 (deflate) in the low nibble, and the two bytes a multiple of 31.
    return head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class _Inflater:
    """zlib inflation that yields pieces of at most :data:`PIECE_SIZE` bytes.

    A gzip body may be several members one after the other (RFC 1952): each is inflated.
    ``deflate`` is zlib-wrapped per the RFC, but some servers send it raw (httpx accepts both):
    the first two bytes tell which.
    """

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        self._head = b""  # deflate: the first bytes, until the wrapper is known
        self._zlib: Any = zlib.decompressobj(zlib.MAX_WBITS | 16) if self._gzip else None

    def pieces(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            self._head += data
            if len(self._head) < 2:
                return
            wbits = zlib.MAX_WBITS if _is_zlib_header(self._head) else -zlib.MAX_WBITS
            self._zlib = zlib.decompressobj(wbits)
            data, self._head = self._head, b""
        while True:
            out = self._zlib.decompress(data, PIECE_SIZE)
            data = self._zlib.unconsumed_tail
            if self._gzip and self._zlib.eof and self._zlib.unused_data:
                data = self._zlib.unused_data  # the next gzip member
                self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
            if out:
                yield out
            if not data and len(out) < PIECE_SIZE:
                return

    def flush(self) -> bytes:
        if self._zlib is None:  # a deflate body shorter than two bytes
            return zlib.decompressobj(-zlib.MAX_WBITS).decompress(self._head)
        return self._zlib.flush()


def _content_encoding(headers: Mapping[str, str]) -> str:
    codings = [
        c.strip().lower()
        for c in headers.get("content-encoding", "").split(",")
        if c.strip().lower() not in ("", "identity")
    ]
    return "identity" if not codings else ",".join(codings)


class BodyDecoder:
    """Decodes one response body chunk by chunk, enforcing the deadline and a size limit.

    ``max_size`` ``None`` means no limit (streams). ``check_deadline`` raises
    :class:`~cloudflarefs.core.errors.APITimeoutError` once the call's ``total_timeout`` has
    passed; it runs before every chunk. ``decoded=True`` means the chunks are already decoded
    (a transport that built the response from bytes in memory).
    """

    def __init__(
        self,
        headers: Mapping[str, str],
        *,
        method: str,
        path: str,
        max_size: int | None,
        check_deadline: Callable[[], None] | None = None,
        decoded: bool = False,
    ) -> None:
        self.method = method
        self.path = path
        self.max_size = max_size
        self.size = 0
        self._check_deadline = check_deadline
        encoding = "identity" if decoded else _content_encoding(headers)
        if encoding not in _GZIP and encoding not in ("identity", "deflate"):
            raise ResponseDecodeError(
                f"unsupported Content-Encoding {encoding!r} (only gzip was asked for)",
                method=method,
                path=path,
            )
        self._inflater = None if encoding == "identity" else _Inflater(encoding)

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of one raw chunk (lazily: each piece is made when pulled).

        Raises:
            APITimeoutError: the call's deadline has passed.
            ResponseTooLargeError: the decoded body has passed ``max_size``.
            ResponseDecodeError: the compressed data is corrupt.
        """
        if self._check_deadline is not None:
            self._check_deadline()
        if self._inflater is None:
            yield self._count(raw)
            return
        try:
            for piece in self._inflater.pieces(raw):
                yield self._count(piece)
        except zlib.error as exc:
            raise self._corrupt(exc) from None

    def flush(self) -> bytes:
        """What is left once the raw body has ended (``b""`` for an identity body)."""
        if self._inflater is None:
            return b""
        try:
            return self._count(self._inflater.flush())
        except zlib.error as exc:
            raise self._corrupt(exc) from None

    def _count(self, piece: bytes) -> bytes:
        self.size += len(piece)
        if self.max_size is not None and self.size > self.max_size:
            raise ResponseTooLargeError(limit=self.max_size, method=self.method, path=self.path)
        return piece

    def _corrupt(self, exc: zlib.error) -> ResponseDecodeError:
        return ResponseDecodeError(
            f"compressed response body is corrupt: {exc}", method=self.method, path=self.path
        )


class Rechunker:
    """Regroups decoded pieces into chunks of exactly ``size`` bytes (the last may be shorter)."""

    def __init__(self, size: int | None) -> None:
        self._size = size
        self._buffer = bytearray()

    def feed(self, piece: bytes) -> Iterator[bytes]:
        """The complete chunks available after ``piece``."""
        if self._size is None:
            if piece:
                yield piece
            return
        self._buffer += piece
        while len(self._buffer) >= self._size:
            yield bytes(self._buffer[: self._size])
            del self._buffer[: self._size]

    def flush(self) -> Iterator[bytes]:
        """The last, shorter chunk, if any."""
        if self._buffer:
            yield bytes(self._buffer)
            self._buffer.clear()


_NEWLINES: Final = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""What ``str.splitlines`` splits on (and so httpx's ``iter_lines``)."""


class LineSplitter:
    """Splits decoded UTF-8 pieces into lines as ``str.splitlines`` would the whole text.

    Invalid UTF-8 is replaced; a ``\\r\\n`` split across two pieces is one line ending.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial = ""
        self._cr = False

    def feed(self, piece: bytes) -> list[str]:
        """The complete lines available after ``piece``."""
        text = self._decoder.decode(piece)
        if self._cr:
            text = "\r" + text
            self._cr = False
        if text.endswith("\r"):
            # Maybe the first half of "\r\n": decided when more text arrives.
            self._cr = True
            text = text[:-1]
        if not text:
            return []
        text = self._partial + text
        lines = text.splitlines()
        self._partial = "" if text[-1] in _NEWLINES else lines.pop()
        return lines

    def flush(self) -> list[str]:
        """The last line, when the body does not end with a line break."""
        text = self._partial + self._decoder.decode(b"", final=True) + ("\r" if self._cr else "")
        self._partial, self._cr = "", False
        return text.splitlines()
