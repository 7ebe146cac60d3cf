"""Static-asset direct uploads (JWT auth, multipart base64 parts) and secret values kept secret."""

from __future__ import annotations

import base64
import logging
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.errors import ConfigurationError, InvalidInputError
from cloudflarefs.testing.http import Driver, Recorder, envelope, multipart_parts
from cloudflarefs.workers.management import WorkersClient
from cloudflarefs.workers.management._assets import asset_parts
from cloudflarefs.workers.management.aio import WorkersClient as AsyncWorkersClient
from cloudflarefs.workers.management.models import (
    AssetsCreateUploadSessionBodyManifestValue,
    SecretKeyInput,
    SecretKeyInputFormat,
    SecretKeyInputUsagesItem,
    SecretsBulkUpdateBody,
    SecretTextBinding,
    SecretTextInput,
)

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhc3NldHMifQ.c2Vzc2lvbi1zZWNyZXQ"  # made up
DONE_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJkb25lIjp0cnVlfQ.Y29tcGxldGlvbi1zZWNyZXQ"  # made up
SECRET_VALUE = "hunter2-never-shown"
HASH = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
BASE = f"/client/v4/accounts/{ACCOUNT}/workers"


def driver(flavour: str, rec: Recorder) -> Driver:
    cls: Any = WorkersClient if flavour == "sync" else AsyncWorkersClient
    return Driver(cls(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)))


async def test_upload_session_then_bucket_upload_with_the_session_jwt(
    sync_or_async: str, caplog: pytest.LogCaptureFixture
) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/assets-upload-session"):
            return envelope({"jwt": JWT, "buckets": [[HASH, OTHER]]})
        return envelope({"jwt": DONE_JWT}, status=201)

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    caplog.set_level(logging.DEBUG)
    manifest = {
        "/index.html": AssetsCreateUploadSessionBodyManifestValue(hash=HASH, size=11),
        "/app.js": AssetsCreateUploadSessionBodyManifestValue(hash=OTHER, size=2),
    }
    session = await drive(lambda c: c.assets.create_upload_session("my-worker", manifest))
    assert session is not None and session.buckets == [[HASH, OTHER]] and session.jwt == JWT
    assert JWT not in repr(session)
    files = {HASH: b"<h1>hi</h1>", OTHER: b"{}"}
    done = await drive(
        lambda c: c.assets.upload(session.jwt, files, content_types={HASH: "text/html"})
    )
    assert done is not None and done.jwt == DONE_JWT and DONE_JWT not in repr(done)
    start, upload = rec.requests
    assert (start.method, start.url.path) == (
        "POST",
        f"{BASE}/scripts/my-worker/assets-upload-session",
    )
    assert start.headers["authorization"] == f"Bearer {TOKEN}"
    assert (upload.method, upload.url.path) == ("POST", f"{BASE}/assets/upload")
    assert upload.url.params["base64"] == "true"
    assert upload.headers["authorization"] == f"Bearer {JWT}"
    parts = multipart_parts(upload)
    assert {name: base64.b64decode(p.payload) for name, p in parts.items()} == files
    assert parts[HASH].content_type == "text/html"
    assert parts[OTHER].content_type == "application/octet-stream"
    assert parts[HASH].filename == HASH
    for secret in (JWT, DONE_JWT, TOKEN):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.assets.upload("bad\njwt", {HASH: b"x"}), "control characters"),
        (lambda c: c.assets.upload("", {HASH: b"x"}), "jwt"),
        (lambda c: c.assets.upload(JWT, {}), "at least one"),
        (lambda c: c.assets.upload(JWT, {"index.html": b"x"}), "32 lowercase hex"),
        (lambda c: c.assets.upload(JWT, {HASH + "\n": b"x"}), "32 lowercase hex"),
        (lambda c: c.assets.upload(JWT, {HASH: "text"}), "must be bytes"),
        (
            lambda c: c.assets.upload(JWT, {HASH: b"x"}, content_types={OTHER: "a/b"}),
            "not uploaded",
        ),
        (lambda c: c.assets.create_upload_session("", {}), "script_name"),
    ],
)
async def test_bad_asset_input_is_rejected_before_any_request(
    sync_or_async: str, call: Any, message: str
) -> None:
    rec = Recorder(lambda r: envelope(None))
    drive = driver(sync_or_async, rec)
    with pytest.raises((InvalidInputError, ConfigurationError), match=message) as raised:
        await drive(call)
    assert rec.requests == []
    assert JWT not in str(raised.value)


@given(st.dictionaries(st.from_regex(r"[0-9a-f]{32}", fullmatch=True), st.binary(), min_size=1))
def test_asset_parts_round_trip(files: dict[str, bytes]) -> None:
    parts = asset_parts(files)
    assert {p.name: base64.b64decode(p.content) for p in parts} == files
    assert all(p.filename == p.name for p in parts)


async def test_secret_values_are_sent_but_never_shown(
    sync_or_async: str, caplog: pytest.LogCaptureFixture
) -> None:
    binding = {"name": "API_KEY", "type": "secret_text"}
    rec = Recorder(
        lambda r: envelope({"API_KEY": binding} if r.url.path.endswith("-bulk") else binding)
    )
    drive = driver(sync_or_async, rec)
    caplog.set_level(logging.DEBUG)
    text = SecretTextInput(name="API_KEY", text=SECRET_VALUE, type_="secret_text")
    key = SecretKeyInput(
        name="SIGNING",
        type_="secret_key",
        format=SecretKeyInputFormat.RAW,
        algorithm={"name": "HMAC", "hash": "SHA-256"},
        usages=[SecretKeyInputUsagesItem.SIGN],
        key_base64=base64.b64encode(SECRET_VALUE.encode()).decode(),
    )
    for model in (text, key, SecretsBulkUpdateBody(secrets={"API_KEY": text, "OLD": None})):
        assert SECRET_VALUE not in repr(model)
        assert base64.b64encode(SECRET_VALUE.encode()).decode() not in repr(model)
    result = await drive(lambda c: c.secrets.update("my-worker", body=text))
    assert isinstance(result, SecretTextBinding) and result.name == "API_KEY"
    await drive(
        lambda c: c.secrets.bulk_update(
            "my-worker", body=SecretsBulkUpdateBody(secrets={"API_KEY": text, "OLD": None})
        )
    )
    put, bulk = rec.requests
    assert (put.method, put.url.path) == ("PUT", f"{BASE}/scripts/my-worker/secrets")
    assert (bulk.method, bulk.url.path) == ("PATCH", f"{BASE}/scripts/my-worker/secrets-bulk")
    assert rec.json(0) == {"name": "API_KEY", "text": SECRET_VALUE, "type": "secret_text"}
    assert rec.json(1) == {
        "secrets": {
            "API_KEY": {"name": "API_KEY", "text": SECRET_VALUE, "type": "secret_text"},
            "OLD": None,
        }
    }
    assert SECRET_VALUE not in caplog.text


async def test_secret_get_and_delete_encode_the_name(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"name": "A B", "type": "secret_text"}))
    drive = driver(sync_or_async, rec)
    got = await drive(lambda c: c.secrets.get("my-worker", "A B", url_encoded=True))
    assert isinstance(got, SecretTextBinding)
    assert await drive(lambda c: c.secrets.delete("my-worker", "A B")) is None
    get, delete = rec.requests
    assert get.url.raw_path.decode().endswith("/secrets/A%20B?url_encoded=true")
    assert delete.method == "DELETE"
    with pytest.raises(InvalidInputError):
        await drive(lambda c: c.secrets.delete("my-worker", ""))
    assert len(rec.requests) == 2


async def test_put_is_a_text_secret_and_checks_the_name(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"name": "API_KEY", "type": "secret_text"}))
    drive = driver(sync_or_async, rec)
    result = await drive(lambda c: c.secrets.put("my-worker", "API_KEY", SECRET_VALUE))
    assert isinstance(result, SecretTextBinding)
    assert rec.json(0) == {"name": "API_KEY", "text": SECRET_VALUE, "type": "secret_text"}
    with pytest.raises(InvalidInputError) as raised:
        await drive(lambda c: c.secrets.put("my-worker", "", SECRET_VALUE))
    assert SECRET_VALUE not in str(raised.value)
    assert len(rec.requests) == 1
