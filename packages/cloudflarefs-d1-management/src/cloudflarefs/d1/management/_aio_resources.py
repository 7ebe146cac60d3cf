"""Async resource groups of :class:`~cloudflarefs.d1.management.aio.D1Client`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``d1`` overlay);
this module adds SQL queries (``params`` are JSON scalars, which D1 binds), export and import,
and Time Travel (bookmarks and restore by bookmark or point in time).
It is the one hand-written copy: the sync module is derived from it by ``tools/generate``
(unasync).
"""

from __future__ import annotations

import builtins
import datetime
from collections.abc import Sequence
from typing import Unpack

import cloudflarefs.d1.management._generated.aio as _gen
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.d1.management._bodies import export_body, query_body
from cloudflarefs.d1.management._generated.models import (
    DatabasesExportResult,
    DatabasesImportBodyVariant1,
    DatabasesImportBodyVariant2,
    DatabasesImportBodyVariant3,
    DatabasesImportResult,
    QueryResultResponse,
    RawResultResponse,
    TimeTravelGetBookmarkResult,
    TimeTravelRestoreResult,
)
from cloudflarefs.d1.management._time_travel import restore_target, timestamp_param
from cloudflarefs.d1.management._validation import SqlParam

__all__ = ["D1Databases", "D1TimeTravel"]


class D1TimeTravel(_gen.D1TimeTravel):
    """Time Travel: bookmarks of a database's state, and restoring to one (or to a time)."""

    async def get_bookmark(
        self,
        database_id: str,
        *,
        timestamp: datetime.datetime | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TimeTravelGetBookmarkResult:
        """The bookmark of the current state, or the nearest one at or before ``timestamp``.

        ``timestamp`` is a timezone-aware :class:`~datetime.datetime` or an ISO 8601 string.
        """
        require_non_empty("database_id", database_id)
        return await self._get_bookmark(
            database_id, timestamp=timestamp_param(timestamp), account_id=account_id, **options
        )

    async def restore(
        self,
        database_id: str,
        *,
        bookmark: str | None = None,
        timestamp: datetime.datetime | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TimeTravelRestoreResult:
        """Restore the database to ``bookmark`` or to ``timestamp`` (exactly one of them).

        The result's ``previous_bookmark`` undoes the restore when restored to.
        """
        require_non_empty("database_id", database_id)
        bookmark, stamp = restore_target(bookmark, timestamp)
        return await self._restore(
            database_id, bookmark=bookmark, timestamp=stamp, account_id=account_id, **options
        )


class D1Databases(_gen.D1Databases):
    """D1 databases: list, get, create, delete, SQL queries, export and import."""

    async def query(
        self,
        database_id: str,
        sql: str,
        params: Sequence[SqlParam] | None = None,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[QueryResultResponse]:
        """Run SQL with bound ``params``; one result (rows as dicts + meta) per statement."""
        require_non_empty("database_id", database_id)
        body = query_body(sql, params)
        return await self._query(database_id, body=body, account_id=account_id, **options)

    async def raw(
        self,
        database_id: str,
        sql: str,
        params: Sequence[SqlParam] | None = None,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[RawResultResponse]:
        """Like :meth:`query`, with rows as arrays plus a ``columns`` list (smaller, faster)."""
        require_non_empty("database_id", database_id)
        body = query_body(sql, params)
        return await self._raw(database_id, body=body, account_id=account_id, **options)

    async def export(
        self,
        database_id: str,
        *,
        current_bookmark: str | None = None,
        no_data: bool | None = None,
        no_schema: bool | None = None,
        tables: Sequence[str] | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> DatabasesExportResult:
        """Start or poll an SQL export; when ``status`` is complete, ``result.signed_url``.

        Poll by passing the previous ``at_bookmark`` as ``current_bookmark``.
        """
        body = export_body(no_data, no_schema, tables, current_bookmark)
        return await self._export(database_id, body=body, account_id=account_id, **options)

    async def import_init(
        self,
        database_id: str,
        *,
        etag: str,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> DatabasesImportResult:
        """Begin an import: ``etag`` is the MD5 hex of the SQL file; returns ``upload_url``."""
        body = DatabasesImportBodyVariant1(action="init", etag=require_non_empty("etag", etag))
        return await self._import(database_id, body=body, account_id=account_id, **options)

    async def import_ingest(
        self,
        database_id: str,
        *,
        etag: str,
        filename: str,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> DatabasesImportResult:
        """Ingest the uploaded file (after PUTting it to ``upload_url``)."""
        body = DatabasesImportBodyVariant2(
            action="ingest",
            etag=require_non_empty("etag", etag),
            filename=require_non_empty("filename", filename),
        )
        return await self._import(database_id, body=body, account_id=account_id, **options)

    async def import_poll(
        self,
        database_id: str,
        *,
        current_bookmark: str,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> DatabasesImportResult:
        """Poll a running import by its bookmark."""
        bookmark = require_non_empty("current_bookmark", current_bookmark)
        body = DatabasesImportBodyVariant3(action="poll", current_bookmark=bookmark)
        return await self._import(database_id, body=body, account_id=account_id, **options)
