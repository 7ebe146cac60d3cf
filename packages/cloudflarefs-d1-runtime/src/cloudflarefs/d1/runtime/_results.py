"""Typed D1 results and how they are structured from the codec's plain Python values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs
import cattrs

from cloudflarefs.core import ResponseDecodeError, extra_field, make_converter, structure
from cloudflarefs.d1.runtime._values import D1Row, row_from_py

T = TypeVar("T")


def _structure_bytes(value: Any, _: Any) -> bytes:
    # D1 returns BLOBs as arrays of byte numbers; the JSON preconf would expect base85 text.
    if isinstance(value, bytes | bytearray | memoryview | list):
        return bytes(value)  # pyright: ignore[reportUnknownArgumentType]
    raise TypeError(f"expected a BLOB, got {type(value).__name__}")


converter: cattrs.Converter = make_converter()
"""The package's converter: core rules plus BLOB → ``bytes``; used for ``into=`` rows."""
converter.register_structure_hook(bytes, _structure_bytes)


@attrs.frozen(kw_only=True)
class D1Timings:
    """Server-side timing details of a query."""

    sql_duration_ms: float | None = None
    """Time spent executing SQL, in milliseconds."""
    extra: dict[str, Any] = extra_field()
    """Fields this version does not know yet."""


@attrs.frozen(kw_only=True)
class D1Meta:
    """Metadata D1 returns with every query result.

    Fields D1 may omit (region, colo, primary, timings, attempts; Miniflare sends ``served_by``
    instead) are ``None``; anything newer lands in ``extra``.
    """

    duration: float = 0.0
    """Query duration in milliseconds."""
    changes: int = 0
    """Rows changed by an INSERT, UPDATE or DELETE."""
    last_row_id: int = 0
    """ROWID of the last inserted row."""
    changed_db: bool = False
    """Whether the query wrote to the database."""
    size_after: int = 0
    """Database size in bytes after the query."""
    rows_read: int = 0
    """Rows scanned."""
    rows_written: int = 0
    """Rows written."""
    served_by: str | None = None
    """Which backend served the query (Miniflare: ``"miniflare.db"``)."""
    served_by_region: str | None = None
    """Region of the instance that served the query."""
    served_by_colo: str | None = None
    """Colo of the instance that served the query."""
    served_by_primary: bool | None = None
    """Whether the primary (not a read replica) served the query."""
    timings: D1Timings | None = None
    """Server-side timings."""
    total_attempts: int | None = None
    """How many attempts D1 made, counting its own retries."""
    extra: dict[str, Any] = extra_field()
    """Fields this version does not know yet."""


@attrs.frozen(kw_only=True)
class D1Result(Generic[T]):
    """Rows and metadata of one statement (``all()``, ``run()``, each ``batch()`` item)."""

    results: list[T]
    """The rows: ``dict`` rows, or instances of the ``into=`` class."""
    meta: D1Meta
    """Query metadata."""
    success: bool = True
    """Always true for a returned result (failures raise :class:`D1Error`)."""


@attrs.frozen(kw_only=True)
class D1ExecResult:
    """What ``exec()`` reports."""

    count: int
    """Statements executed."""
    duration: float
    """Total duration in milliseconds."""


def meta_from_py(data: Any) -> D1Meta:
    """Structure the ``meta`` mapping (missing → all defaults)."""
    return structure(data or {}, D1Meta, converter=converter)


def rows_into(rows: list[D1Row], into: type[T]) -> list[T]:
    """Structure ``dict`` rows into ``into`` with the package converter."""
    return [structure(row, into, converter=converter) for row in rows]


def result_from_py(data: Any) -> D1Result[D1Row]:
    """A ``D1Result`` from the codec's conversion of the JS result object."""
    if not isinstance(data, Mapping):
        raise ResponseDecodeError(f"expected a D1 result object, got {type(data).__name__}")
    fields: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    raw_rows: list[Any] = fields.get("results") or []
    rows = [row_from_py(r) for r in raw_rows]
    return D1Result(
        results=rows,
        meta=meta_from_py(fields.get("meta")),
        success=bool(fields.get("success", True)),
    )


def exec_result_from_py(data: Any) -> D1ExecResult:
    """A ``D1ExecResult`` from the codec's conversion of ``exec()``'s result."""
    return structure(data, D1ExecResult, converter=converter)
