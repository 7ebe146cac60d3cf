"""``PostgresConnection``: a minimal pure-Python Postgres client over a Hyperdrive socket.

Startup, cleartext / MD5 / SCRAM-SHA-256 authentication and the simple query protocol (text
results). No TLS (Hyperdrive speaks plain TCP to the Worker), no extended protocol and therefore
no bound parameters: never interpolate untrusted values into SQL.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.hyperdrive.runtime import _pgwire as wire
from cloudflarefs.hyperdrive.runtime._binding import Hyperdrive
from cloudflarefs.hyperdrive.runtime._errors import PostgresError, PostgresProtocolError
from cloudflarefs.hyperdrive.runtime._pgwire import Value
from cloudflarefs.hyperdrive.runtime._scram import ScramSha256, md5_password


class ByteStream(Protocol):
    """What the client needs from a connection (``Socket`` has it)."""

    async def read(self) -> bytes | None:
        """The next chunk, or ``None`` at end of stream."""
        ...

    async def write(self, data: bytes) -> None:
        """Send bytes."""
        ...

    async def close(self) -> None:
        """Close the connection."""
        ...


@attrs.frozen(kw_only=True)
class QueryResult:
    """One statement's result: the command tag, column names and rows of decoded values."""

    command: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Value, ...], ...] = ()

    def as_dicts(self) -> list[dict[str, Value]]:
        """The rows as ``{column: value}`` dicts."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _check_sql(sql: object) -> str:
    if not isinstance(sql, str):
        raise InvalidInputTypeError(f"SQL must be a str, got {type(sql).__name__}")
    if not sql.strip():
        raise InvalidInputError("SQL must not be empty")
    if "\x00" in sql:
        raise InvalidInputError("SQL must not contain NUL characters")
    return sql


class PostgresConnection:
    """A Postgres session: ``async with await PostgresConnection.connect(Hyperdrive(env.HD)) as pg``."""

    __slots__ = ("_closed", "_reader", "_stream", "parameters")

    def __init__(self, stream: ByteStream) -> None:
        self._stream = stream
        self._reader = wire.MessageReader()
        self._closed = False
        self.parameters: dict[str, str] = {}
        """Server parameters reported at startup (``server_version``, ``TimeZone``, ...)."""

    def __repr__(self) -> str:
        return f"PostgresConnection(server_version={self.parameters.get('server_version')!r})"

    @classmethod
    async def connect(cls, hyperdrive: Hyperdrive) -> Self:
        """Open a socket through ``hyperdrive`` and log in with its credentials."""
        socket = hyperdrive.connect()
        await socket.opened()
        return await cls.start(
            socket, user=hyperdrive.user, password=hyperdrive.password, database=hyperdrive.database
        )

    @classmethod
    async def start(cls, stream: ByteStream, *, user: str, password: str, database: str) -> Self:
        """Run startup and authentication over an already-open ``stream``."""
        if not user:
            raise InvalidInputError("user must not be empty")
        conn = cls(stream)
        try:
            await conn._startup(user, password, database)
        except BaseException:
            await stream.close()
            raise
        return conn

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _next(self) -> tuple[bytes, bytes]:
        while True:
            for item in self._reader.messages():
                kind, payload = item
                if kind == b"N":  # NoticeResponse: informational, skipped
                    continue
                if kind == b"S":
                    name, value, _ = payload.split(b"\x00", 2)
                    self.parameters[name.decode()] = value.decode()
                    continue
                return item
            chunk = await self._stream.read()
            if chunk is None:
                raise PostgresProtocolError("the server closed the connection")
            self._reader.feed(chunk)

    async def _expect(self, kind: bytes) -> bytes:
        got, payload = await self._next()
        if got == b"E":
            raise PostgresError(wire.fields(payload))
        if got != kind:
            raise PostgresProtocolError(f"expected message {kind!r}, got {got!r}")
        return payload

    async def _startup(self, user: str, password: str, database: str) -> None:
        await self._stream.write(wire.startup(user, database))
        scram: ScramSha256 | None = None
        while True:
            payload = await self._expect(b"R")
            (code,) = struct.unpack_from("!I", payload)
            if code == 0:  # AuthenticationOk
                break
            if code == 3:  # cleartext
                await self._stream.write(wire.password(password.encode()))
            elif code == 5:  # MD5 with a 4-byte salt
                await self._stream.write(wire.password(md5_password(user, password, payload[4:8])))
            elif code == 10:  # SASL: the mechanisms offered
                offered = payload[4:].split(b"\x00")
                if b"SCRAM-SHA-256" not in offered:
                    raise PostgresProtocolError(f"no supported SASL mechanism in {offered!r}")
                scram = ScramSha256(password)
                await self._stream.write(wire.sasl_initial("SCRAM-SHA-256", scram.client_first()))
            elif code == 11 and scram is not None:  # SASLContinue
                await self._stream.write(wire.sasl_response(scram.client_final(payload[4:])))
            elif code == 12 and scram is not None:  # SASLFinal
                scram.verify(payload[4:])
            else:
                raise PostgresProtocolError(f"unsupported authentication request {code}")
        while True:
            kind, payload = await self._next()
            if kind == b"E":
                raise PostgresError(wire.fields(payload))
            if kind == b"Z":  # ReadyForQuery
                return

    async def query_all(self, sql: str) -> list[QueryResult]:
        """Run ``sql`` (one or more ``;``-separated statements); a result per statement.

        Raises :class:`PostgresError` for a server error (the session stays usable).
        """
        if self._closed:
            raise InvalidInputError("the connection is closed")
        await self._stream.write(wire.query(_check_sql(sql)))
        results: list[QueryResult] = []
        columns: list[tuple[str, int]] = []
        rows: list[tuple[Value, ...]] = []
        error: PostgresError | None = None
        while True:
            kind, payload = await self._next()
            if kind == b"T":
                columns, rows = wire.row_description(payload), []
            elif kind == b"D":
                raw = wire.data_row(payload)
                rows.append(
                    tuple(wire.decode_text(v, c[1]) for v, c in zip(raw, columns, strict=True))
                )
            elif kind == b"C":
                tag = payload.rstrip(b"\x00").decode()
                results.append(QueryResult(command=tag, columns=_names(columns), rows=tuple(rows)))
                columns, rows = [], []
            elif kind == b"E":
                error = PostgresError(wire.fields(payload))
            elif kind == b"Z":
                if error is not None:
                    raise error
                return results
            # EmptyQueryResponse ('I') and others carry nothing we report.

    async def query(self, sql: str) -> QueryResult:
        """Run ``sql`` and return the last statement's result."""
        results = await self.query_all(sql)
        if not results:
            raise PostgresProtocolError("the query produced no result")
        return results[-1]

    async def close(self) -> None:
        """Send Terminate and close the socket (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._stream.write(wire.TERMINATE)
        finally:
            await self._stream.close()


def _names(columns: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    return tuple(name for name, _ in columns)
