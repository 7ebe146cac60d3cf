"""Typed Hyperdrive binding for Python Workers, with a minimal Postgres client over its socket.

::

    from cloudflarefs.hyperdrive.runtime import Hyperdrive, PostgresConnection

    async with await PostgresConnection.connect(Hyperdrive(env.HYPERDRIVE)) as pg:
        result = await pg.query("select id, name from users order by id")
        users = result.as_dicts()
"""

from cloudflarefs.hyperdrive.runtime._binding import Hyperdrive
from cloudflarefs.hyperdrive.runtime._errors import PostgresError, PostgresProtocolError
from cloudflarefs.hyperdrive.runtime._literal import sql_literal
from cloudflarefs.hyperdrive.runtime._pgwire import Value
from cloudflarefs.hyperdrive.runtime._postgres import ByteStream, PostgresConnection, QueryResult
from cloudflarefs.hyperdrive.runtime._scram import ScramSha256
from cloudflarefs.hyperdrive.runtime._socket import Socket, SocketInfo
from cloudflarefs.hyperdrive.runtime._version import __version__

__all__ = [
    "ByteStream",
    "Hyperdrive",
    "PostgresConnection",
    "PostgresError",
    "PostgresProtocolError",
    "QueryResult",
    "ScramSha256",
    "Socket",
    "SocketInfo",
    "Value",
    "__version__",
    "sql_literal",
]
