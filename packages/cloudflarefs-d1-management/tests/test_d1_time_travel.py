"""Read replication and Time Travel over httpx.MockTransport: wire form and bad input."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.d1.management import D1Client, ReadReplicationInput, ReadReplicationInputMode
from cloudflarefs.d1.management.aio import D1Client as AsyncD1Client
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
DB = "f0e1d2c3-b4a5-4678-9abc-def012345678"
BASE = f"/client/v4/accounts/{ACCOUNT}/d1/database/{DB}"
DETAILS = {"uuid": DB, "name": "app", "read_replication": {"mode": "auto"}, "jurisdiction": "eu"}
RESTORED = {"bookmark": "b2", "previous_bookmark": "b1", "message": "ok", "new_field": 1}


def client(rec: Recorder) -> D1Client:
    return D1Client(api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_read_replication_update_and_edit_bodies() -> None:
    rec = Recorder(lambda r: envelope(DETAILS))
    with client(rec) as d1:
        updated = d1.databases.update(
            DB, read_replication=ReadReplicationInput(mode=ReadReplicationInputMode.AUTO)
        )
        d1.databases.edit(
            DB, read_replication=ReadReplicationInput(mode=ReadReplicationInputMode("disabled"))
        )
    assert updated.read_replication is not None and updated.read_replication.mode == "auto"
    assert updated.jurisdiction == "eu"
    assert [(r.method, r.url.path) for r in rec.requests] == [("PUT", BASE), ("PATCH", BASE)]
    assert [json.loads(r.content) for r in rec.requests] == [
        {"read_replication": {"mode": "auto"}},
        {"read_replication": {"mode": "disabled"}},
    ]


async def test_bookmark_and_restore_query_parameters() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/bookmark"):
            return envelope({"bookmark": "b1"})
        return envelope(RESTORED)

    rec = Recorder(respond)
    when = datetime.datetime(2025, 5, 1, 12, 30, tzinfo=datetime.UTC)
    async with AsyncD1Client(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as d1:
        now = await d1.time_travel.get_bookmark(DB)
        await d1.time_travel.get_bookmark(DB, timestamp=when)
        assert now.bookmark is not None
        back = await d1.time_travel.restore(DB, bookmark=now.bookmark)
        await d1.time_travel.restore(DB, timestamp="2025-05-01T12:30:00Z")
    assert back.previous_bookmark == "b1" and back.extra == {"new_field": 1}
    assert [(r.method, r.url.path, dict(r.url.params)) for r in rec.requests] == [
        ("GET", f"{BASE}/time_travel/bookmark", {}),
        ("GET", f"{BASE}/time_travel/bookmark", {"timestamp": "2025-05-01T12:30:00+00:00"}),
        ("POST", f"{BASE}/time_travel/restore", {"bookmark": "b1"}),
        ("POST", f"{BASE}/time_travel/restore", {"timestamp": "2025-05-01T12:30:00Z"}),
    ]


BAD_INPUT: list[tuple[Callable[[D1Client], object], type[Exception], str]] = [
    (lambda d1: d1.time_travel.restore(DB), InvalidInputError, "exactly one"),
    (
        lambda d1: d1.time_travel.restore(DB, bookmark="b", timestamp="2025-01-01T00:00:00Z"),
        InvalidInputError,
        "exactly one",
    ),
    (lambda d1: d1.time_travel.restore(DB, bookmark=""), InvalidInputError, "bookmark"),
    (lambda d1: d1.time_travel.restore(DB, timestamp="yesterday"), InvalidInputError, "ISO 8601"),
    (
        lambda d1: d1.time_travel.restore(DB, timestamp=datetime.datetime(2025, 1, 1)),
        InvalidInputError,
        "timezone-aware",
    ),
    (
        lambda d1: d1.time_travel.get_bookmark(DB, timestamp=1700000000),  # pyright: ignore[reportArgumentType]
        InvalidInputTypeError,
        "datetime or an ISO 8601",
    ),
    (lambda d1: d1.time_travel.get_bookmark(""), InvalidInputError, "database_id"),
    (
        lambda d1: d1.databases.update(
            "", read_replication=ReadReplicationInput(mode=ReadReplicationInputMode.AUTO)
        ),
        InvalidInputError,
        "database_id",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUT)
def test_bad_input_is_rejected_before_any_request(
    call: Callable[[D1Client], object], error: type[Exception], match: str
) -> None:
    rec = Recorder(lambda r: envelope(RESTORED))
    with client(rec) as d1, pytest.raises(error, match=match):
        call(d1)
    assert rec.requests == []


@given(
    when=st.datetimes(
        min_value=datetime.datetime(1970, 1, 2),
        max_value=datetime.datetime(9999, 1, 1),
        timezones=st.sampled_from([datetime.UTC, datetime.timezone(datetime.timedelta(hours=-7))]),
    )
)
def test_any_aware_datetime_is_sent_as_the_same_instant(when: datetime.datetime) -> None:
    rec = Recorder(lambda r: envelope({"bookmark": "b"}))
    with client(rec) as d1:
        d1.time_travel.get_bookmark(DB, timestamp=when)
    sent = datetime.datetime.fromisoformat(rec.requests[0].url.params["timestamp"])
    assert sent == when and sent.utcoffset() == when.utcoffset()
