"""``sql_literal``: a Python value as a Postgres literal, for the simple query protocol.

:class:`~cloudflarefs.hyperdrive.runtime.PostgresConnection` has no bound parameters, so values
from requests must be quoted into the SQL text; this does it safely.
"""

from __future__ import annotations

import math
from decimal import Decimal

from cloudflarefs.core import InvalidInputError


def _signed(text: str) -> str:
    # "x-" followed by "-5" would start a comment: keep negative numbers in parentheses.
    return f"({text})" if text.startswith("-") else text


def sql_literal(value: object) -> str:
    """``value`` as SQL text that Postgres reads back as exactly that value.

    ``None`` → ``NULL``; ``bool``; ``int``; finite ``float`` (as ``float8``) and ``Decimal``; ``str`` as a quoted
    literal (an ``E'...'`` escape string when it holds a backslash, which reads the same whatever
    ``standard_conforming_strings`` is); ``bytes`` as a ``bytea`` hex literal. Anything else, a string
    with a NUL character (Postgres text cannot hold one), and NaN or infinities raise
    :class:`~cloudflarefs.core.InvalidInputError`.
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return _signed(str(value))
    if isinstance(value, float | Decimal):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            raise InvalidInputError(f"only finite numbers have SQL literals, got {value!r}")
        if isinstance(value, float):  # typed, or Postgres would read a numeric
            return _signed(repr(value)) + "::float8"
        return _signed(str(value))
    if isinstance(value, str):
        if "\0" in value:
            raise InvalidInputError("Postgres text cannot hold a NUL character")
        quoted = value.replace("'", "''")
        if "\\" in value:
            return "E'" + quoted.replace("\\", "\\\\") + "'"
        return "'" + quoted + "'"
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return "E'\\\\x" + value.hex() + "'::bytea"  # E'': whatever standard_conforming_strings is
    raise InvalidInputError(f"no SQL literal for a {type(value).__name__}")
