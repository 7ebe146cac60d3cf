"""The Pages Direct Upload asset store: JWT auth, bodies, and checks before any request."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.errors import ConfigurationError, InvalidInputError
from cloudflarefs.pages.management import PagesClient
from cloudflarefs.pages.management._assets import asset_hashes, upload_items
from cloudflarefs.pages.management.aio import PagesClient as AsyncPagesClient
from cloudflarefs.testing.http import Driver, Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYWdlcyJ9.c2lnbmF0dXJlLXNlY3JldA"  # made up
HASH = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


def driver(flavour: str, rec: Recorder) -> Driver:
    cls: Any = PagesClient if flavour == "sync" else AsyncPagesClient
    return Driver(cls(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)))


async def test_upload_token_is_kept_out_of_repr(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"jwt": JWT}))
    drive = driver(sync_or_async, rec)
    token = await drive(lambda c: c.projects.get_upload_token("my-site"))
    assert token.jwt == JWT
    assert JWT not in repr(token)
    (request,) = rec.requests
    assert request.url.path == f"/client/v4/accounts/{ACCOUNT}/pages/projects/my-site/upload-token"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_asset_calls_authenticate_with_the_jwt_not_the_account_token(
    sync_or_async: str, caplog: pytest.LogCaptureFixture
) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/check-missing"):
            return envelope([OTHER])
        return envelope(None)

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    caplog.set_level(logging.DEBUG)
    missing = await drive(lambda c: c.assets.check_missing(JWT, [HASH, OTHER]))
    assert missing == [OTHER]
    uploaded = await drive(
        lambda c: c.assets.upload(JWT, {OTHER: b"<h1>hi</h1>"}, content_types={OTHER: "text/html"})
    )
    assert uploaded is None
    assert await drive(lambda c: c.assets.upsert_hashes(JWT, [HASH, OTHER])) is None
    check, upload, upsert = rec.requests
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("POST", "/client/v4/pages/assets/check-missing"),
        ("POST", "/client/v4/pages/assets/upload"),
        ("POST", "/client/v4/pages/assets/upsert-hashes"),
    ]
    assert {r.headers["authorization"] for r in rec.requests} == {f"Bearer {JWT}"}
    assert json.loads(check.content) == {"hashes": [HASH, OTHER]}
    assert json.loads(upload.content) == [
        {
            "base64": True,
            "key": OTHER,
            "metadata": {"contentType": "text/html"},
            "value": base64.b64encode(b"<h1>hi</h1>").decode(),
        }
    ]
    assert json.loads(upsert.content) == {"hashes": [HASH, OTHER]}
    # The client keeps its own token for the account-scoped calls afterwards.
    rec2 = Recorder(lambda r: envelope({"jwt": JWT}))
    await driver(sync_or_async, rec2)(lambda c: c.projects.get_upload_token("my-site"))
    assert rec2.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert JWT not in caplog.text and TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.assets.check_missing("bad\njwt", [HASH]), "control characters"),
        (lambda c: c.assets.check_missing("", [HASH]), "jwt"),
        (lambda c: c.assets.check_missing(JWT, []), "at least one"),
        (lambda c: c.assets.check_missing(JWT, HASH), "not a single string"),
        (lambda c: c.assets.upsert_hashes(JWT, ["not-a-hash"]), "32 lowercase hex"),
        (lambda c: c.assets.upsert_hashes(JWT, [HASH + "\n"]), "32 lowercase hex"),
        (lambda c: c.assets.upload(JWT, {}), "at least one"),
        (lambda c: c.assets.upload(JWT, {HASH.upper(): b"x"}), "32 lowercase hex"),
        (lambda c: c.assets.upload(JWT, {HASH: "text"}), "must be bytes"),
        (
            lambda c: c.assets.upload(JWT, {HASH: b"x"}, content_types={OTHER: "a/b"}),
            "not uploaded",
        ),
        (lambda c: c.assets.upload(JWT, {HASH: b"x"}, content_types={HASH: " "}), "empty"),
    ],
)
async def test_bad_input_is_rejected_before_any_request(
    sync_or_async: str, call: Any, message: str
) -> None:
    rec = Recorder(lambda r: envelope(None))
    drive = driver(sync_or_async, rec)
    with pytest.raises((InvalidInputError, ConfigurationError), match=message) as raised:
        await drive(call)
    assert rec.requests == []
    assert JWT not in str(raised.value)


@given(st.dictionaries(st.from_regex(r"[0-9a-f]{32}", fullmatch=True), st.binary(), min_size=1))
def test_upload_items_round_trip(files: dict[str, bytes]) -> None:
    items = upload_items(files)
    assert {i.key: base64.b64decode(i.value) for i in items} == files
    assert all(i.base64 and i.metadata.content_type == "application/octet-stream" for i in items)


@given(st.lists(st.text(max_size=40), min_size=1))
def test_asset_hashes_accepts_exactly_32_lowercase_hex(hashes: list[str]) -> None:
    valid = all(len(h) == 32 and all(ch in "0123456789abcdef" for ch in h) for h in hashes)
    if valid:
        assert asset_hashes(hashes) == hashes
    else:
        with pytest.raises(InvalidInputError):
            asset_hashes(hashes)
