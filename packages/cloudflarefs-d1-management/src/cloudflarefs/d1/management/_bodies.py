"""Request bodies of the D1 database methods, built and checked before any request (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.d1.management._generated.models import (
    DatabasesExportBody,
    DatabasesExportBodyDumpOptions,
    DatabasesQueryBody,
)
from cloudflarefs.d1.management._validation import SqlParam, check_params, check_sql

__all__ = ["export_body", "query_body"]


def query_body(sql: str, params: Sequence[SqlParam] | None) -> DatabasesQueryBody:
    """The query body; ``params`` are JSON scalars, as the overlay types them."""
    checked = check_params(params)
    body = DatabasesQueryBody(sql=check_sql(sql))
    if checked is not None:
        body.params = checked
    return body


def export_body(
    no_data: bool | None,
    no_schema: bool | None,
    tables: Sequence[str] | None,
    current_bookmark: str | None,
) -> DatabasesExportBody:
    """The polling export body (``tables`` checked non-empty)."""
    options = DatabasesExportBodyDumpOptions()
    if no_data is not None:
        options.no_data = no_data
    if no_schema is not None:
        options.no_schema = no_schema
    if tables is not None:
        options.tables = [require_non_empty("tables[]", t) for t in tables]
    return DatabasesExportBody(
        output_format="polling",
        dump_options=options,
        current_bookmark=current_bookmark if current_bookmark is not None else UNSET,
    )
