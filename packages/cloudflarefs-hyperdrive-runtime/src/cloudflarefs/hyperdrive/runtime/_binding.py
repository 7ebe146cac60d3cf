"""``Hyperdrive``: the typed façade over a Hyperdrive binding."""

from __future__ import annotations

from typing import Any

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import js_errors
from cloudflarefs.hyperdrive.runtime._socket import Socket


class Hyperdrive:
    """A Hyperdrive binding: ``hd = Hyperdrive(env.HYPERDRIVE)``.

    The connection fields are read from the binding each time (they are cheap JS property
    reads). ``password`` is never shown in ``repr``; ``connection_string`` contains it, so do not
    log it.
    """

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("Hyperdrive needs a Hyperdrive binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return (
            f"Hyperdrive(host={self.host!r}, port={self.port}, user={self.user!r}, "
            f"database={self.database!r}, password=***)"
        )

    @property
    def connection_string(self) -> str:
        """``postgres://user:password@host:port/database`` (contains the password)."""
        return str(self._js.connectionString)

    @property
    def host(self) -> str:
        """The host to connect to (inside workerd, a ``*.hyperdrive.local`` name)."""
        return str(self._js.host)

    @property
    def port(self) -> int:
        """The port to connect to."""
        return int(self._js.port)

    @property
    def user(self) -> str:
        """The database user."""
        return str(self._js.user)

    @property
    def password(self) -> str:
        """The database password (hidden in ``repr``)."""
        return str(self._js.password)

    @property
    def database(self) -> str:
        """The database name."""
        return str(self._js.database)

    def connect(self) -> Socket:
        """Open a TCP socket to the database through Hyperdrive.

        The socket connects in the background; ``await sock.opened()`` to wait for it.
        """
        with js_errors():
            return Socket(self._js.connect())
