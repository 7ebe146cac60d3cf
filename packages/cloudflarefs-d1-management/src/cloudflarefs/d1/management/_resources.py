"""Sync resource groups of :class:`~cloudflarefs.d1.management.D1Client`.

Requests are built by the generated pure builders; ``query``/``raw`` check ``params`` (any JSON
scalar, which D1 binds) before building.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence

from cloudflarefs.core.pagination import SyncPager
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.wire import ApiRequest
from cloudflarefs.d1.management._generated import client as _gen
from cloudflarefs.d1.management._generated import operations
from cloudflarefs.d1.management._generated._transport import SyncHttp
from cloudflarefs.d1.management._generated.models import (
    DatabaseDetailsResponse,
    DatabaseResponse,
    DatabasesCreateBody,
    DatabasesExportBody,
    DatabasesExportBodyDumpOptions,
    DatabasesExportResult,
    DatabasesImportBodyVariant1,
    DatabasesImportBodyVariant2,
    DatabasesImportBodyVariant3,
    DatabasesImportResult,
    DatabasesQueryBody,
    PrimaryLocationHintInput,
    QueryResultResponse,
    RawResultResponse,
)
from cloudflarefs.d1.management._validation import SqlParam, check_params, check_sql, require_id

__all__ = ["D1Databases"]


def _query_request(
    build: Callable[..., ApiRequest],
    account_id: str,
    database_id: str,
    sql: str,
    params: Sequence[SqlParam] | None,
) -> ApiRequest:
    """The generated request; ``params`` are JSON scalars, as the overlay types them."""
    checked = check_params(params)
    body = DatabasesQueryBody(sql=check_sql(sql))
    if checked is not None:
        body.params = checked
    return build(
        account_id=account_id, database_id=require_id("database_id", database_id), body=body
    )


def _export_body(
    no_data: bool | None,
    no_schema: bool | None,
    tables: Sequence[str] | None,
    current_bookmark: str | None,
) -> DatabasesExportBody:
    options = DatabasesExportBodyDumpOptions()
    if no_data is not None:
        options.no_data = no_data
    if no_schema is not None:
        options.no_schema = no_schema
    if tables is not None:
        options.tables = [require_id("tables[]", t) for t in tables]
    return DatabasesExportBody(
        output_format="polling",
        dump_options=options,
        current_bookmark=current_bookmark if current_bookmark is not None else UNSET,
    )


class D1Databases:
    """D1 databases: list, get, create, delete, SQL queries, export and import."""

    def __init__(self, http: SyncHttp) -> None:
        self._http = http
        self._gen = _gen.D1Databases(http)

    def list(
        self,
        *,
        name: str | None = None,
        per_page: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> SyncPager[DatabaseResponse]:
        """Every database of the account (``page``/``per_page``), optionally filtered by name."""
        return self._gen.list(
            name=name, per_page=per_page, max_pages=max_pages, account_id=account_id
        )

    def get(self, database_id: str, *, account_id: str | None = None) -> DatabaseDetailsResponse:
        """One database, with its file size and table count."""
        return self._gen.get(require_id("database_id", database_id), account_id=account_id)

    def create(
        self,
        name: str,
        *,
        primary_location_hint: PrimaryLocationHintInput | str | None = None,
        account_id: str | None = None,
    ) -> DatabaseResponse:
        """Create a database, optionally near a region (``"weur"``, ``"enam"``, ...)."""
        body = DatabasesCreateBody(name=require_id("name", name))
        if primary_location_hint is not None:
            body.primary_location_hint = PrimaryLocationHintInput(primary_location_hint)
        return self._gen.create(body=body, account_id=account_id)

    def delete(self, database_id: str, *, account_id: str | None = None) -> None:
        """Delete a database."""
        self._gen.delete(require_id("database_id", database_id), account_id=account_id)

    def query(
        self,
        database_id: str,
        sql: str,
        params: Sequence[SqlParam] | None = None,
        *,
        account_id: str | None = None,
    ) -> builtins.list[QueryResultResponse]:
        """Run SQL with bound ``params``; one result (rows as dicts + meta) per statement."""
        request = _query_request(
            operations.build_databases_query,
            self._http.resolve_account_id(account_id),
            database_id,
            sql,
            params,
        )
        return operations.parse_databases_query(self._http.send(request))

    def raw(
        self,
        database_id: str,
        sql: str,
        params: Sequence[SqlParam] | None = None,
        *,
        account_id: str | None = None,
    ) -> builtins.list[RawResultResponse]:
        """Like :meth:`query`, with rows as arrays plus a ``columns`` list (smaller, faster)."""
        request = _query_request(
            operations.build_databases_raw,
            self._http.resolve_account_id(account_id),
            database_id,
            sql,
            params,
        )
        return operations.parse_databases_raw(self._http.send(request))

    def export(
        self,
        database_id: str,
        *,
        current_bookmark: str | None = None,
        no_data: bool | None = None,
        no_schema: bool | None = None,
        tables: Sequence[str] | None = None,
        account_id: str | None = None,
    ) -> DatabasesExportResult:
        """Start or poll an SQL export; when ``status`` is complete, ``result.signed_url``.

        Poll by passing the previous ``at_bookmark`` as ``current_bookmark``.
        """
        body = _export_body(no_data, no_schema, tables, current_bookmark)
        return self._gen.export(
            require_id("database_id", database_id), body=body, account_id=account_id
        )

    def import_init(
        self, database_id: str, *, etag: str, account_id: str | None = None
    ) -> DatabasesImportResult:
        """Begin an import: ``etag`` is the MD5 hex of the SQL file; returns ``upload_url``."""
        body = DatabasesImportBodyVariant1(action="init", etag=require_id("etag", etag))
        return self._gen.import_(
            require_id("database_id", database_id), body=body, account_id=account_id
        )

    def import_ingest(
        self, database_id: str, *, etag: str, filename: str, account_id: str | None = None
    ) -> DatabasesImportResult:
        """Ingest the uploaded file (after PUTting it to ``upload_url``)."""
        body = DatabasesImportBodyVariant2(
            action="ingest",
            etag=require_id("etag", etag),
            filename=require_id("filename", filename),
        )
        return self._gen.import_(
            require_id("database_id", database_id), body=body, account_id=account_id
        )

    def import_poll(
        self, database_id: str, *, current_bookmark: str, account_id: str | None = None
    ) -> DatabasesImportResult:
        """Poll a running import by its bookmark."""
        body = DatabasesImportBodyVariant3(
            action="poll", current_bookmark=require_id("current_bookmark", current_bookmark)
        )
        return self._gen.import_(
            require_id("database_id", database_id), body=body, account_id=account_id
        )
