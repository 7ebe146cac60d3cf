"""Host CPython unit tests for the pure parts: SCRAM, wire framing, value decoding, and the
connection state machine over a scripted in-memory server."""

from __future__ import annotations

import hashlib
import struct
from decimal import Decimal

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.hyperdrive.runtime import (
    PostgresConnection,
    PostgresError,
    PostgresProtocolError,
    ScramSha256,
)
from cloudflarefs.hyperdrive.runtime import _pgwire as wire
from cloudflarefs.hyperdrive.runtime._scram import hi, md5_password


def test_scram_matches_rfc7677_example() -> None:
    scram = ScramSha256("pencil", nonce="rOprNGfwEbeRWgbNEkqO", username="user")
    assert scram.client_first() == b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    server_first = (
        b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    )
    assert scram.client_final(server_first) == (
        b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    )
    scram.verify(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    with pytest.raises(PostgresProtocolError, match="signature"):
        scram.verify(b"v=AAAA")
    assert "pencil" not in repr(scram)


def test_scram_rejects_a_foreign_nonce() -> None:
    scram = ScramSha256("pw", nonce="abc")
    with pytest.raises(PostgresProtocolError, match="server-first"):
        scram.client_final(b"r=zzz,s=AAAA,i=4096")


def test_pure_hi_equals_pbkdf2() -> None:
    # Pyodide lacks hashlib.pbkdf2_hmac; the fallback must agree with it.
    assert hi(b"pw", b"salt", 4096) == hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 4096)


def test_md5_answer_format() -> None:
    inner = hashlib.md5(b"secretbob").hexdigest().encode()
    expected = b"md5" + hashlib.md5(inner + b"\x01\x02\x03\x04").hexdigest().encode()
    assert md5_password("bob", "secret", b"\x01\x02\x03\x04") == expected


def test_reader_reassembles_split_messages() -> None:
    reader = wire.MessageReader()
    data = wire.message(b"Z", b"I") + wire.message(b"C", b"SELECT 1\x00")
    reader.feed(data[:3])
    assert list(reader.messages()) == []
    reader.feed(data[3:9])
    assert list(reader.messages()) == [(b"Z", b"I")]
    reader.feed(data[9:])
    assert list(reader.messages()) == [(b"C", b"SELECT 1\x00")]


@pytest.mark.parametrize(
    ("raw", "oid", "value"),
    [
        (b"t", 16, True),
        (b"f", 16, False),
        (b"-7", 20, -7),
        (b"1.5", 701, 1.5),
        (b"12.50", 1700, Decimal("12.50")),
        (b"\\x00ff", 17, b"\x00\xff"),
        (b"2024-01-01", 1082, "2024-01-01"),
        (None, 25, None),
    ],
)
def test_decode_text(raw: bytes | None, oid: int, value: object) -> None:
    assert wire.decode_text(raw, oid) == value


def _auth(code: int, extra: bytes = b"") -> bytes:
    return wire.message(b"R", struct.pack("!I", code) + extra)


def _row_description(*names: str) -> bytes:
    body = struct.pack("!h", len(names))
    for name in names:
        body += name.encode() + b"\x00" + struct.pack("!IhIhih", 0, 0, 23, 4, -1, 0)
    return wire.message(b"T", body)


def _data_row(*values: bytes | None) -> bytes:
    body = struct.pack("!h", len(values))
    for v in values:
        body += struct.pack("!i", -1) if v is None else struct.pack("!i", len(v)) + v
    return wire.message(b"D", body)


READY = wire.message(b"Z", b"I")


class ScriptedServer:
    """A ByteStream double: answers each client write with the next scripted reply."""

    def __init__(self, replies: list[bytes]) -> None:
        self.replies, self.written, self.closed = list(replies), list[bytes](), False
        self._pending = b""

    async def write(self, data: bytes) -> None:
        self.written.append(data)
        if self.replies:
            self._pending += self.replies.pop(0)

    async def read(self) -> bytes | None:
        chunk, self._pending = self._pending[:5], self._pending[5:]  # tiny chunks on purpose
        return chunk or None

    async def close(self) -> None:
        self.closed = True


async def test_cleartext_login_query_error_and_close() -> None:
    error = wire.message(b"E", b"SERROR\x00C42601\x00Msyntax error\x00\x00")
    server = ScriptedServer(
        [
            _auth(3),
            _auth(0) + wire.message(b"S", b"server_version\x0015\x00") + READY,
            _row_description("n") + _data_row(b"1") + _data_row(None)
            + wire.message(b"C", b"SELECT 2\x00") + READY,
            error + READY,
        ]
    )  # fmt: skip
    pg = await PostgresConnection.start(server, user="u", password="pw", database="d")
    assert server.written[1] == wire.password(b"pw")
    assert pg.parameters == {"server_version": "15"}
    result = await pg.query("select n")
    assert result.rows == ((1,), (None,)) and result.columns == ("n",)
    with pytest.raises(PostgresError, match="42601") as info:
        await pg.query("selec")
    assert info.value.code == "42601" and info.value.message == "syntax error"
    with pytest.raises(InvalidInputError):
        await pg.query("")
    await pg.close()
    await pg.close()
    assert server.written[-1] == wire.TERMINATE and server.closed
    assert server.written.count(wire.TERMINATE) == 1


async def test_failed_login_closes_the_stream() -> None:
    fatal = wire.message(b"E", b"SFATAL\x00C28P01\x00Mpassword authentication failed\x00\x00")
    server = ScriptedServer([_auth(3), fatal])
    with pytest.raises(PostgresError, match="28P01"):
        await PostgresConnection.start(server, user="u", password="pw", database="d")
    assert server.closed


async def test_unsupported_auth_and_hangup() -> None:
    server = ScriptedServer([_auth(7)])  # GSS
    with pytest.raises(PostgresProtocolError, match="unsupported"):
        await PostgresConnection.start(server, user="u", password="pw", database="d")
    with pytest.raises(PostgresProtocolError, match="closed"):
        await PostgresConnection.start(ScriptedServer([]), user="u", password="", database="d")
    with pytest.raises(InvalidInputError):
        await PostgresConnection.start(ScriptedServer([]), user="", password="", database="d")
