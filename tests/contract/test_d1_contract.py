"""D1 contract: every operation of specs/d1.json, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models. Example
pages claim more results than they hold, so list calls bound ``max_pages``.
"""

from __future__ import annotations

import datetime
from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.d1.management import (
    DatabaseDetailsResponse,
    DatabaseResponse,
    DatabasesExportResult,
    DatabasesImportResult,
    QueryResultResponse,
    RawResultResponse,
    ReadReplicationInput,
    ReadReplicationInputMode,
    TimeTravelGetBookmarkResult,
    TimeTravelRestoreResult,
)

DB = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
ETAG = "5b9f6d0f9d4bd3a4c5e1c2b0c8a6f7e1"
# Every JSON scalar D1 binds, so the overlay's widened ``params`` items are exercised.
PARAMS: list[str | int | float | bool | None] = ["ada", 1, 2.5, True, None]


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("d1", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("d1", "async")


def test_databases_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as d1:
        listed = d1.databases.list(name="app", per_page=10, max_pages=2).to_list()
        created = d1.databases.create("app", primary_location_hint="weur")
        fetched = d1.databases.get(DB)
        assert d1.databases.delete(DB) is None
    assert listed and all(isinstance(d, DatabaseResponse) for d in listed)
    assert isinstance(created, DatabaseResponse) and created.uuid
    assert isinstance(fetched, DatabaseDetailsResponse) and fetched.name


async def test_databases_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as d1:
        listed = await d1.databases.list(max_pages=2).to_list()
        created = await d1.databases.create("app")
        fetched = await d1.databases.get(DB)
        assert await d1.databases.delete(DB) is None
    assert listed and all(isinstance(d, DatabaseResponse) for d in listed)
    assert isinstance(created, DatabaseResponse) and created.uuid
    assert isinstance(fetched, DatabaseDetailsResponse) and fetched.name


def test_query_raw_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as d1:
        queried = d1.databases.query(DB, "SELECT * FROM t WHERE a = ?1 OR b = ?2", PARAMS)
        unbound = d1.databases.query(DB, "SELECT 1")
        raw = d1.databases.raw(DB, "SELECT ?1, ?2", PARAMS)
    assert queried and all(isinstance(r, QueryResultResponse) for r in queried)
    assert unbound and isinstance(unbound[0], QueryResultResponse)
    assert raw and all(isinstance(r, RawResultResponse) for r in raw)


async def test_query_raw_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as d1:
        queried = await d1.databases.query(DB, "SELECT ?1", PARAMS)
        raw = await d1.databases.raw(DB, "SELECT 1")
        raw_bound = await d1.databases.raw(DB, "SELECT ?1", [None, False, 3])
    assert queried and all(isinstance(r, QueryResultResponse) for r in queried)
    assert raw and isinstance(raw[0], RawResultResponse)
    assert raw_bound and isinstance(raw_bound[0], RawResultResponse)


def test_export_import_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as d1:
        started = d1.databases.export(DB, no_data=False, no_schema=False, tables=["users"])
        polled = d1.databases.export(DB, current_bookmark="bookmark-1")
        init = d1.databases.import_init(DB, etag=ETAG)
        ingest = d1.databases.import_ingest(DB, etag=ETAG, filename="dump.sql")
        poll = d1.databases.import_poll(DB, current_bookmark="bookmark-2")
    assert isinstance(started, DatabasesExportResult) and isinstance(polled, DatabasesExportResult)
    assert all(isinstance(r, DatabasesImportResult) for r in (init, ingest, poll))


async def test_export_import_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as d1:
        started = await d1.databases.export(DB)
        init = await d1.databases.import_init(DB, etag=ETAG)
        ingest = await d1.databases.import_ingest(DB, etag=ETAG, filename="dump.sql")
        poll = await d1.databases.import_poll(DB, current_bookmark="bookmark-2")
    assert isinstance(started, DatabasesExportResult)
    assert all(isinstance(r, DatabasesImportResult) for r in (init, ingest, poll))


# --- operations added after the 2024 spec (overlay [[addition]] entries) ---------------------

BOOKMARK = "00000001-00000002-00004e2a-4b9d3a4e0a4c3f4c5b6a7d8e9f0a1b2c"
WHEN = datetime.datetime(2025, 5, 1, 12, 0, tzinfo=datetime.UTC)


def test_read_replication_and_time_travel_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as d1:
        updated = d1.databases.update(
            DB, read_replication=ReadReplicationInput(mode=ReadReplicationInputMode.AUTO)
        )
        edited = d1.databases.edit(
            DB, read_replication=ReadReplicationInput(mode=ReadReplicationInputMode.DISABLED)
        )
        current = d1.time_travel.get_bookmark(DB)
        at = d1.time_travel.get_bookmark(DB, timestamp=WHEN)
        by_bookmark = d1.time_travel.restore(DB, bookmark=BOOKMARK)
        by_time = d1.time_travel.restore(DB, timestamp="2025-05-01T12:00:00+00:00")
    assert isinstance(updated, DatabaseDetailsResponse) and isinstance(
        edited, DatabaseDetailsResponse
    )
    assert all(isinstance(b, TimeTravelGetBookmarkResult) and b.bookmark for b in (current, at))
    assert all(isinstance(r, TimeTravelRestoreResult) for r in (by_bookmark, by_time))


async def test_read_replication_and_time_travel_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as d1:
        updated = await d1.databases.update(
            DB, read_replication=ReadReplicationInput(mode=ReadReplicationInputMode.DISABLED)
        )
        edited = await d1.databases.edit(DB)
        bookmark = await d1.time_travel.get_bookmark(DB, timestamp="2025-05-01T12:00:00Z")
        restored = await d1.time_travel.restore(DB, timestamp=WHEN)
    assert isinstance(updated, DatabaseDetailsResponse) and isinstance(
        edited, DatabaseDetailsResponse
    )
    assert isinstance(bookmark, TimeTravelGetBookmarkResult)
    assert isinstance(restored, TimeTravelRestoreResult) and restored.previous_bookmark
