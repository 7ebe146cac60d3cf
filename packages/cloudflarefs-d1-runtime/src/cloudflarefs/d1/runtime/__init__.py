"""Typed Cloudflare D1 bindings for Python Workers.

Wrap the binding once, then use snake_case async methods with Python values::

    from cloudflarefs.d1.runtime import D1Database

    db = D1Database(env.DB)
    rows = (await db.prepare("SELECT * FROM users WHERE id = ?").bind(1).all()).results
"""

from cloudflarefs.d1.runtime._database import (
    D1Database,
    D1DatabaseSession,
    D1PreparedStatement,
    SessionConstraint,
)
from cloudflarefs.d1.runtime._errors import D1Error
from cloudflarefs.d1.runtime._results import D1ExecResult, D1Meta, D1Result, D1Timings
from cloudflarefs.d1.runtime._values import D1Param, D1Row, D1Value
from cloudflarefs.d1.runtime._version import __version__

__all__ = [
    "D1Database",
    "D1DatabaseSession",
    "D1Error",
    "D1ExecResult",
    "D1Meta",
    "D1Param",
    "D1PreparedStatement",
    "D1Result",
    "D1Row",
    "D1Timings",
    "D1Value",
    "SessionConstraint",
    "__version__",
]
