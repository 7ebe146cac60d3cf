"""Behaviour of D1Client (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, BadRequestError, InvalidInputError
from cloudflarefs.d1.management import D1Client, DatabaseResponse, QueryResultResponse
from cloudflarefs.d1.management.aio import D1Client as AsyncD1Client
from cloudflarefs.testing.http import FAILURE_BODY, Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
DB = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
BASE = f"/client/v4/accounts/{ACCOUNT}/d1/database"
QUERY_RESULT = [
    {
        "meta": {"changed_db": False, "changes": 0, "duration": 0.2, "rows_read": 1},
        "results": [{"id": 1, "name": "ada"}],
        "success": True,
    }
]


def sync_client(rec: Recorder) -> D1Client:
    return D1Client(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def async_client(rec: Recorder) -> AsyncD1Client:
    return AsyncD1Client(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_list_walks_pages_until_a_short_page() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        n = 2 if page == 1 else 1
        items = [{"name": f"db{page}{i}", "uuid": f"u{page}{i}"} for i in range(n)]
        return envelope(
            items, result_info={"page": page, "per_page": 2, "count": n, "total_count": 3}
        )

    rec = Recorder(respond)
    with sync_client(rec) as d1:
        dbs = d1.databases.list(per_page=2, name="db").to_list()
    assert [d.name for d in dbs] == ["db10", "db11", "db20"]
    assert all(isinstance(d, DatabaseResponse) for d in dbs)
    assert [r.url.params["page"] for r in rec.requests] == ["1", "2"]
    assert rec.requests[0].url.params["name"] == "db"


def test_query_sends_sql_with_json_typed_params_and_structures_results() -> None:
    rec = Recorder(lambda r: envelope(QUERY_RESULT))
    with sync_client(rec) as d1:
        results = d1.databases.query(DB, "SELECT * FROM t WHERE id = ?1 AND n > ?2", [1, 2.5])
        d1.databases.query(DB, "SELECT 1")
        d1.databases.query(DB, "SELECT ?", ["x", None, True])
    assert isinstance(results[0], QueryResultResponse)
    assert results[0].results == [{"id": 1, "name": "ada"}]
    assert results[0].meta is not None
    assert results[0].meta.rows_read == 1
    bodies = [json.loads(r.content) for r in rec.requests]
    assert bodies == [
        {"sql": "SELECT * FROM t WHERE id = ?1 AND n > ?2", "params": [1, 2.5]},
        {"sql": "SELECT 1"},
        {"sql": "SELECT ?", "params": ["x", None, True]},
    ]
    assert rec.requests[0].url.path == f"{BASE}/{DB}/query"
    assert rec.requests[0].method == "POST"


async def test_async_raw_returns_columns_and_rows() -> None:
    raw = [{"results": {"columns": ["id", "name"], "rows": [[1, "ada"]]}, "success": True}]
    rec = Recorder(lambda r: envelope(raw))
    async with async_client(rec) as d1:
        results = await d1.databases.raw(DB, "SELECT id, name FROM t WHERE id = ?", [1])
    assert results[0].results is not None
    assert results[0].results.columns == ["id", "name"]
    assert results[0].results.rows == [[1, "ada"]]
    assert rec.requests[0].url.path == f"{BASE}/{DB}/raw"
    assert json.loads(rec.requests[0].content)["params"] == [1]


def test_create_get_delete() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return envelope(None)
        return envelope(
            {
                "name": "my-database",
                "uuid": DB,
                "created_at": "2022-11-15T18:25:44.442097Z",
                "version": "production",
            }
        )

    rec = Recorder(respond)
    with sync_client(rec) as d1:
        created = d1.databases.create("my-database", primary_location_hint="weur")
        fetched = d1.databases.get(DB)
        d1.databases.delete(DB)
    assert created.uuid == fetched.uuid == DB
    assert created.created_at is not None
    assert created.created_at.year == 2022
    assert json.loads(rec.requests[0].content) == {
        "name": "my-database",
        "primary_location_hint": "weur",
    }
    assert [(r.method, r.url.path) for r in rec.requests[1:]] == [
        ("GET", f"{BASE}/{DB}"),
        ("DELETE", f"{BASE}/{DB}"),
    ]


def test_export_and_import_bodies() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/export"):
            return envelope(
                {
                    "type": "export",
                    "status": "complete",
                    "at_bookmark": "b1",
                    "result": {"filename": "f.sql", "signed_url": "https://example.com/f.sql"},
                }
            )
        return envelope(
            {"type": "import", "upload_url": "https://example.com/up", "filename": "f.sql"}
        )

    rec = Recorder(respond)
    with sync_client(rec) as d1:
        export = d1.databases.export(DB, no_data=True, tables=["users"])
        init = d1.databases.import_init(DB, etag="abc")
        d1.databases.import_ingest(DB, etag="abc", filename="f.sql")
        d1.databases.import_poll(DB, current_bookmark="b1")
    assert export.result is not None
    assert export.result.signed_url == "https://example.com/f.sql"
    assert export.type_ == "export"
    assert init.upload_url == "https://example.com/up"
    bodies = [json.loads(r.content) for r in rec.requests]
    assert bodies == [
        {"output_format": "polling", "dump_options": {"no_data": True, "tables": ["users"]}},
        {"action": "init", "etag": "abc"},
        {"action": "ingest", "etag": "abc", "filename": "f.sql"},
        {"action": "poll", "current_bookmark": "b1"},
    ]


def test_success_false_and_error_status_raise() -> None:
    responses = iter(
        [httpx.Response(200, json=FAILURE_BODY), httpx.Response(400, json=FAILURE_BODY)]
    )
    rec = Recorder(lambda r: next(responses))
    with sync_client(rec) as d1:
        with pytest.raises(APIStatusError) as first:
            d1.databases.query(DB, "SELECT 1")
        with pytest.raises(BadRequestError) as second:
            d1.databases.get(DB)
    assert first.value.errors[0].code == 7003
    assert second.value.status_code == 400
    assert TOKEN not in str(second.value)


BAD_CALLS: list[tuple[str, Callable[[D1Client], object]]] = [
    ("empty database id", lambda d1: d1.databases.get("")),
    ("blank database id for query", lambda d1: d1.databases.query(" ", "SELECT 1")),
    ("empty sql", lambda d1: d1.databases.query(DB, "  ")),
    ("params not a sequence", lambda d1: d1.databases.raw(DB, "SELECT ?", "abc")),  # type: ignore[arg-type]
    ("unsupported param", lambda d1: d1.databases.query(DB, "SELECT ?", [b"x"])),  # type: ignore[list-item]
    ("nan param", lambda d1: d1.databases.query(DB, "SELECT ?", [float("nan")])),
    ("empty name", lambda d1: d1.databases.create("")),
    ("empty etag", lambda d1: d1.databases.import_init(DB, etag="")),
    ("empty table", lambda d1: d1.databases.export(DB, tables=[""])),
    ("delete empty id", lambda d1: d1.databases.delete("")),
]


@pytest.mark.parametrize(("label", "call"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_rejected_before_any_request(
    label: str, call: Callable[[D1Client], object]
) -> None:
    rec = Recorder(lambda r: envelope(None))
    with sync_client(rec) as d1, pytest.raises(InvalidInputError):
        call(d1)
    assert rec.requests == []


async def test_async_bad_input_is_rejected_before_any_request() -> None:
    rec = Recorder(lambda r: envelope(None))
    async with async_client(rec) as d1:
        with pytest.raises(InvalidInputError):
            await d1.databases.query("", "SELECT 1")
        with pytest.raises(InvalidInputError):
            await d1.databases.raw(DB, "SELECT ?", [{"a": 1}])  # type: ignore[list-item]
    assert rec.requests == []


def test_account_override_and_user_agent() -> None:
    rec = Recorder(lambda r: envelope(QUERY_RESULT))
    with sync_client(rec) as d1:
        d1.databases.query(DB, "SELECT 1", account_id="other")
        assert TOKEN not in repr(d1)
    assert rec.requests[0].url.path == f"/client/v4/accounts/other/d1/database/{DB}/query"
    assert "cloudflarefs-d1-management/" in rec.requests[0].headers["user-agent"]
