"""Postgres frontend/backend protocol v3: message framing and the few messages we use (pure)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from decimal import Decimal

from cloudflarefs.hyperdrive.runtime._errors import PostgresProtocolError

PROTOCOL_V3 = 196608
_HEADER = struct.Struct("!cI")


def _cstr(text: str) -> bytes:
    if "\x00" in text:
        raise PostgresProtocolError("strings sent to Postgres cannot contain NUL")
    return text.encode() + b"\x00"


def message(kind: bytes, payload: bytes) -> bytes:
    """A tagged frontend message: type byte, int32 length (self-inclusive), payload."""
    return kind + struct.pack("!I", len(payload) + 4) + payload


def startup(user: str, database: str) -> bytes:
    """The untagged StartupMessage."""
    body = struct.pack("!I", PROTOCOL_V3) + _cstr("user") + _cstr(user)
    body += _cstr("database") + _cstr(database) + _cstr("client_encoding") + _cstr("UTF8") + b"\x00"
    return struct.pack("!I", len(body) + 4) + body


def password(secret: bytes) -> bytes:
    """PasswordMessage (cleartext or MD5 answer)."""
    return message(b"p", secret + b"\x00")


def sasl_initial(mechanism: str, data: bytes) -> bytes:
    """SASLInitialResponse."""
    return message(b"p", _cstr(mechanism) + struct.pack("!i", len(data)) + data)


def sasl_response(data: bytes) -> bytes:
    """SASLResponse."""
    return message(b"p", data)


def query(sql: str) -> bytes:
    """Query (simple query protocol)."""
    return message(b"Q", _cstr(sql))


TERMINATE = message(b"X", b"")


class MessageReader:
    """Accumulates received bytes and splits them into ``(type, payload)`` backend messages."""

    __slots__ = ("_buffer",)

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self._buffer += data

    def messages(self) -> Iterator[tuple[bytes, bytes]]:
        """Every complete message buffered so far (incomplete tails stay buffered)."""
        while len(self._buffer) >= _HEADER.size:
            kind, length = _HEADER.unpack_from(self._buffer)
            if length < 4:
                raise PostgresProtocolError(f"bad message length {length}")
            end = 1 + length
            if len(self._buffer) < end:
                return
            payload = bytes(self._buffer[_HEADER.size : end])
            del self._buffer[:end]
            yield kind, payload


def fields(payload: bytes) -> dict[str, str]:
    """ErrorResponse / NoticeResponse fields, keyed by their one-letter code."""
    out: dict[str, str] = {}
    for part in payload.split(b"\x00"):
        if part:
            out[chr(part[0])] = part[1:].decode(errors="replace")
    return out


def row_description(payload: bytes) -> list[tuple[str, int]]:
    """``(name, type oid)`` per column of a RowDescription."""
    (count,) = struct.unpack_from("!h", payload)
    offset = 2
    columns: list[tuple[str, int]] = []
    for _ in range(count):
        end = payload.index(b"\x00", offset)
        name = payload[offset:end].decode()
        (type_oid,) = struct.unpack_from("!I", payload, end + 7)
        columns.append((name, type_oid))
        offset = end + 19
    return columns


def data_row(payload: bytes) -> list[bytes | None]:
    """The raw column values of a DataRow (``None`` for SQL NULL)."""
    (count,) = struct.unpack_from("!h", payload)
    offset, values = 2, list[bytes | None]()
    for _ in range(count):
        (size,) = struct.unpack_from("!i", payload, offset)
        offset += 4
        if size < 0:
            values.append(None)
        else:
            values.append(payload[offset : offset + size])
            offset += size
    return values


Value = str | int | float | bool | Decimal | bytes | None
"""A decoded column value."""

_INTS = frozenset({20, 21, 23, 26})
_FLOATS = frozenset({700, 701})


def decode_text(raw: bytes | None, type_oid: int) -> Value:
    """A text-format value as Python: bool, int, float, numeric → Decimal, bytea → bytes, else
    str (dates and JSON stay strings; parse them where you know the column)."""
    if raw is None:
        return None
    text = raw.decode()
    if type_oid == 16:
        return text == "t"
    if type_oid in _INTS:
        return int(text)
    if type_oid in _FLOATS:
        return float(text)
    if type_oid == 1700:
        return Decimal(text)
    if type_oid == 17 and text.startswith("\\x"):
        return bytes.fromhex(text[2:])
    return text
