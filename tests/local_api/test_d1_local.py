"""D1 through the local API: databases, query and raw with parameters, shared with the Worker."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from cloudflarefs.core import BadRequestError, NotFoundError
from cloudflarefs.d1.management import D1Client
from cloudflarefs.d1.management.aio import D1Client as AsyncD1Client
from cloudflarefs.testing.local_api import LocalApi

WORKER_DB = "5eed0000-0000-0000-0000-000000000002"


def test_d1_scenario_sync(client_kwargs: dict[str, Any], unique: str) -> None:
    with D1Client(**client_kwargs) as d1:
        db = d1.databases.create(f"shop-{unique}")
        assert db.uuid is not None
        assert d1.databases.get(db.uuid).name == f"shop-{unique}"
        assert db.uuid in [d.uuid for d in d1.databases.list().to_list()]

        d1.databases.query(
            db.uuid, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INT)"
        )
        d1.databases.query(db.uuid, "INSERT INTO items (name, qty) VALUES (?, ?)", ["apple", 3])
        d1.databases.query(db.uuid, "INSERT INTO items (name, qty) VALUES (?, ?)", ["pear", 5])
        [total] = d1.databases.query(db.uuid, "SELECT SUM(qty) AS n FROM items")
        assert total.results == [{"n": 8}]
        [raw] = d1.databases.raw(db.uuid, "SELECT name, qty FROM items WHERE qty > ?", [4])
        assert raw.results is not None
        assert (raw.results.columns, raw.results.rows) == (["name", "qty"], [["pear", 5]])
        # Several statements in one call: one result each.
        both = d1.databases.query(
            db.uuid, "UPDATE items SET qty = qty + 1; SELECT qty FROM items ORDER BY id"
        )
        assert [r.results for r in both][-1] == [{"qty": 4}, {"qty": 6}]

        with pytest.raises(BadRequestError) as bad_sql:
            d1.databases.query(db.uuid, "SELECT * FROM missing_table")
        assert bad_sql.value.codes == (7500,)
        with pytest.raises(BadRequestError):
            d1.databases.create(f"shop-{unique}")  # the name is taken
        d1.databases.delete(db.uuid)
        with pytest.raises(NotFoundError):
            d1.databases.get(db.uuid)


async def test_d1_scenario_async(client_kwargs: dict[str, Any], unique: str) -> None:
    async with AsyncD1Client(**client_kwargs) as d1:
        db = await d1.databases.create(f"async-{unique}")
        assert db.uuid is not None
        await d1.databases.query(db.uuid, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
        await d1.databases.query(db.uuid, "INSERT INTO kv VALUES (?, ?)", ["a", "1"])
        [got] = await d1.databases.query(db.uuid, "SELECT v FROM kv WHERE k = ?", ["a"])
        assert got.results is not None
        bumped = str(int(got.results[0]["v"]) + 1)
        await d1.databases.query(db.uuid, "UPDATE kv SET v = ? WHERE k = ?", [bumped, "a"])
        [raw] = await d1.databases.raw(db.uuid, "SELECT k, v FROM kv")
        assert raw.results is not None and raw.results.rows == [["a", "2"]]
        await d1.databases.delete(db.uuid)


def test_d1_shared_with_the_worker(
    served: LocalApi, client_kwargs: dict[str, Any], worker_http: httpx.Client, unique: str
) -> None:
    with D1Client(**client_kwargs) as d1:
        d1.databases.query(
            WORKER_DB, "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)"
        )
        d1.databases.query(WORKER_DB, "INSERT INTO notes (body) VALUES (?)", [f"api-{unique}"])
        assert f"api-{unique}" in worker_http.get("/d1/notes").json()
        assert worker_http.post("/d1/notes", content=f"worker-{unique}").status_code == 201
        [rows] = d1.databases.query(
            WORKER_DB, "SELECT body FROM notes WHERE body = ?", [f"worker-{unique}"]
        )
        assert rows.results == [{"body": f"worker-{unique}"}]


def test_d1_export_then_import_into_another_database(
    client_kwargs: dict[str, Any], unique: str
) -> None:
    with D1Client(**client_kwargs) as d1:
        source = d1.databases.create(f"src-{unique}")
        target = d1.databases.create(f"dst-{unique}")
        assert source.uuid is not None and target.uuid is not None
        d1.databases.query(
            source.uuid, "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, blob BLOB)"
        )
        d1.databases.query(source.uuid, "CREATE INDEX t_note ON t (note)")
        d1.databases.query(
            source.uuid, "INSERT INTO t (note, blob) VALUES (?, X'00ff'), (?, NULL)", ["it's", "b"]
        )

        exported = d1.databases.export(source.uuid)
        assert exported.status == "complete" and exported.result is not None
        dump = httpx.get(str(exported.result.signed_url)).content
        assert b"CREATE TABLE t" in dump and b"'it''s'" in dump and b"X'00ff'" in dump

        started = d1.databases.import_init(target.uuid, etag=hashlib.md5(dump).hexdigest())
        assert started.upload_url is not None and started.filename is not None
        httpx.put(started.upload_url, content=dump).raise_for_status()
        ingested = d1.databases.import_ingest(
            target.uuid, etag=hashlib.md5(dump).hexdigest(), filename=started.filename
        )
        assert ingested.at_bookmark is not None
        polled = d1.databases.import_poll(target.uuid, current_bookmark=ingested.at_bookmark)
        assert polled.status == "complete"
        [rows] = d1.databases.raw(target.uuid, "SELECT note, hex(blob) FROM t ORDER BY id")
        assert rows.results is not None and rows.results.rows == [["it's", "00FF"], ["b", ""]]

        with pytest.raises(BadRequestError):  # the etag must match what was uploaded
            d1.databases.import_ingest(target.uuid, etag="0" * 32, filename=started.filename)
