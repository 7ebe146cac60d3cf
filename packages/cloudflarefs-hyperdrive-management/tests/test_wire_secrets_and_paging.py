"""Secrets stay out of the wire models' reprs; the configs list is one page (sync and async)."""

from __future__ import annotations

import json

import httpx

from cloudflarefs.hyperdrive.management import HyperdriveClient, Origin
from cloudflarefs.hyperdrive.management._origin import full_body, patch_body
from cloudflarefs.hyperdrive.management.aio import HyperdriveClient as AsyncHyperdriveClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
PASSWORD = "pw-6f1d2c-never-shown"
SECRET = "access-secret-9a8b7c-never-shown"
ORIGIN = Origin(
    host="db.example.com",
    database="app",
    user="app",
    password=PASSWORD,
    access_client_id="id.access",
    access_client_secret=SECRET,
)
CONFIG = {
    "id": "hd1",
    "name": "app",
    "origin": {"host": "db.example.com", "database": "app", "user": "app", "scheme": "postgres"},
}


def test_wire_bodies_hide_password_and_access_secret_but_send_them() -> None:
    for body in (full_body("app", ORIGIN, None), patch_body(None, ORIGIN, None)):
        text = repr(body)
        assert "db.example.com" in text
        assert PASSWORD not in text and SECRET not in text
    rec = Recorder(lambda r: envelope(CONFIG))
    with HyperdriveClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as hd:
        hd.configs.create("app", origin=ORIGIN)
    sent = json.loads(rec.requests[0].content)["origin"]
    assert (sent["password"], sent["access_client_secret"]) == (PASSWORD, SECRET)


def _paged(request: httpx.Request) -> httpx.Response:
    # result_info claims more pages; the API declares no paging, so it must not be followed.
    return envelope([CONFIG], result_info={"page": 1, "per_page": 1, "total_count": 5})


def test_configs_list_is_a_single_request() -> None:
    rec = Recorder(_paged)
    with HyperdriveClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as hd:
        assert [c.id for c in hd.configs.list()] == ["hd1"]
    assert len(rec.requests) == 1 and "page" not in rec.requests[0].url.params


async def test_configs_list_is_a_single_request_async() -> None:
    rec = Recorder(_paged)
    async with AsyncHyperdriveClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as hd:
        assert [c.id async for c in hd.configs.list()] == ["hd1"]
    assert len(rec.requests) == 1
