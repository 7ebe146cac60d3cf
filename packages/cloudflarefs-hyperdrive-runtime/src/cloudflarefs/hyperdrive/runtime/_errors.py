"""Errors of the minimal Postgres client."""

from __future__ import annotations

from collections.abc import Mapping

from cloudflarefs.core import CloudflareError


class PostgresProtocolError(CloudflareError):
    """The server sent something this client does not understand, or closed the connection."""


class PostgresError(CloudflareError):
    """An ``ErrorResponse`` from the server.

    Attributes:
        severity: ``ERROR``, ``FATAL``, ...
        code: the SQLSTATE (for example ``42P01`` for an undefined table).
        message: the primary message.
        fields: every field of the response, keyed by its one-letter code.
    """

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        self.severity = fields.get("S", "ERROR")
        self.code = fields.get("C", "")
        self.message = fields.get("M", "")
        super().__init__(f"{self.severity} {self.code}: {self.message}")
