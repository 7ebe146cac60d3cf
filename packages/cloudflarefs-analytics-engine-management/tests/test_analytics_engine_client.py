"""Behaviour of the Workers Analytics Engine SQL client over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.analytics_engine.management import AnalyticsEngineClient, SqlColumn, SqlResult
from cloudflarefs.analytics_engine.management.aio import (
    AnalyticsEngineClient as AsyncAnalyticsEngineClient,
)
from cloudflarefs.core.errors import (
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    ResponseDecodeError,
)
from cloudflarefs.testing.http import (
    Handler,
    MockClients,
    Recorder,
    failure,
    never,
)

MakeSync = Callable[[Handler], tuple[AnalyticsEngineClient, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncAnalyticsEngineClient, Recorder]]


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    """Build a sync client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AnalyticsEngineClient)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    """Build an async client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AsyncAnalyticsEngineClient)


JSON_RESULT: dict[str, Any] = {
    "meta": [{"name": "city", "type": "String"}, {"name": "n", "type": "UInt64"}],
    "data": [{"city": "Lisbon", "n": 12}, {"city": "Oslo", "n": 3}],
    "rows": 2,
    "rows_before_limit_at_least": 40,
}


def _text(body: str, content_type: str = "text/plain") -> httpx.Response:
    return httpx.Response(200, headers={"content-type": content_type}, content=body.encode())


def test_query_sends_text_sql_and_parses_json(sync_client: MakeSync) -> None:
    ae, rec = sync_client(lambda _: httpx.Response(200, json=JSON_RESULT))
    result = ae.sql.query("SELECT blob1 AS city, count() AS n FROM weather GROUP BY city LIMIT 2")
    assert result == SqlResult(
        meta=[SqlColumn(name="city", type="String"), SqlColumn(name="n", type="UInt64")],
        data=[{"city": "Lisbon", "n": 12}, {"city": "Oslo", "n": 3}],
        rows=2,
        rows_before_limit_at_least=40,
    )
    assert result.columns == ["city", "n"]
    request = rec.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/client/v4/accounts/acc/analytics_engine/sql"
    assert request.headers["content-type"] == "text/plain"
    assert request.content == (
        b"SELECT blob1 AS city, count() AS n FROM weather GROUP BY city LIMIT 2 FORMAT JSON"
    )


def test_an_explicit_json_format_is_kept(sync_client: MakeSync) -> None:
    ae, rec = sync_client(lambda _: httpx.Response(200, json=JSON_RESULT))
    ae.sql.query("SELECT 1 format json;")
    assert rec.requests[0].content == b"SELECT 1 format json;"


def test_tsv_rows_use_the_header_and_unescape(sync_client: MakeSync) -> None:
    body = "city\tnote\nLisbon\ttab\\there\nOslo\tline\\nbreak \\\\ done\n"
    ae, rec = sync_client(lambda _: _text(body, "text/tab-separated-values"))
    rows = ae.sql.query_rows("SELECT city, note FROM t;")
    assert rows == [
        {"city": "Lisbon", "note": "tab\there"},
        {"city": "Oslo", "note": "line\nbreak \\ done"},
    ]
    assert rec.requests[0].content == b"SELECT city, note FROM t FORMAT TabSeparatedWithNames"


def test_csv_rows_with_quotes(sync_client: MakeSync) -> None:
    body = 'city,note\r\n"Lisbon","said ""hi"", left"\r\nOslo,"two\nlines"\r\n'
    ae, rec = sync_client(lambda _: _text(body, "text/csv"))
    rows = ae.sql.query_rows("SELECT city, note FROM t", format="csv")
    assert rows == [
        {"city": "Lisbon", "note": 'said "hi", left'},
        {"city": "Oslo", "note": "two\nlines"},
    ]
    assert rec.requests[0].content.endswith(b" FORMAT CSVWithNames")


def test_empty_text_result_is_no_rows(sync_client: MakeSync) -> None:
    ae, _ = sync_client(lambda _: _text(""))
    assert ae.sql.query_rows("SELECT 1 WHERE 0") == []


def test_ragged_rows_are_a_decode_error(sync_client: MakeSync) -> None:
    ae, _ = sync_client(lambda _: _text("a\tb\n1\n"))
    with pytest.raises(ResponseDecodeError, match="line 2 has 1 fields, the header has 2"):
        ae.sql.query_rows("SELECT a, b FROM t")


def test_query_raw_sends_the_sql_unchanged(sync_client: MakeSync) -> None:
    body = '{"city":"Lisbon"}\n{"city":"Oslo"}\n'
    ae, rec = sync_client(lambda _: _text(body, "application/x-ndjson"))
    raw = ae.sql.query_raw("SELECT city FROM t FORMAT JSONEachRow")
    assert [json.loads(line) for line in raw.splitlines()] == [{"city": "Lisbon"}, {"city": "Oslo"}]
    assert rec.requests[0].content == b"SELECT city FROM t FORMAT JSONEachRow"


BAD_CALLS: list[Callable[[AnalyticsEngineClient], object]] = [
    lambda ae: ae.sql.query(""),
    lambda ae: ae.sql.query("   \n"),
    lambda ae: ae.sql.query("SELECT 1 FORMAT TabSeparated"),
    lambda ae: ae.sql.query_rows("SELECT 1 FORMAT JSON"),
    lambda ae: ae.sql.query_rows("SELECT 1 FORMAT TabSeparatedWithNames", format="csv"),
    lambda ae: ae.sql.query_raw(""),
    lambda ae: ae.sql.query("SELECT 1", account_id=""),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_input_never_reaches_the_transport(
    sync_client: MakeSync, call: Callable[[AnalyticsEngineClient], object]
) -> None:
    ae, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        call(ae)
    assert rec.requests == []


def test_sql_errors_map_to_typed_exceptions(sync_client: MakeSync) -> None:
    ae, _ = sync_client(
        lambda _: httpx.Response(400, content=b"cannot parse query: unknown column 'citty'")
    )
    with pytest.raises(BadRequestError, match="400"):
        ae.sql.query("SELECT citty FROM weather")

    ae, _ = sync_client(lambda _: failure(401, 10000, "Authentication error"))
    with pytest.raises(AuthenticationError) as info:
        ae.sql.query("SELECT 1")
    assert 10000 in info.value.codes


def test_unexpected_json_shape_is_a_decode_error(sync_client: MakeSync) -> None:
    ae, _ = sync_client(lambda _: httpx.Response(200, json={"meta": "nope", "rows": "x"}))
    with pytest.raises(ResponseDecodeError):
        ae.sql.query("SELECT 1")
    ae, _ = sync_client(lambda _: _text("not json"))
    with pytest.raises(ResponseDecodeError, match="not JSON"):
        ae.sql.query("SELECT 1")


async def test_async_query_rows_and_raw(async_client: MakeAsync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.content.endswith(b"FORMAT JSON"):
            return httpx.Response(200, json=JSON_RESULT)
        return _text("city\nLisbon\n")

    ae, rec = async_client(handler)
    assert (await ae.sql.query("SELECT 1")).rows == 2
    assert await ae.sql.query_rows("SELECT city FROM t", format="tsv") == [{"city": "Lisbon"}]
    assert await ae.sql.query_raw("SELECT city FROM t FORMAT TabSeparatedWithNames") == (
        b"city\nLisbon\n"
    )
    with pytest.raises(InvalidInputError):
        await ae.sql.query("")
    assert len(rec.requests) == 3
