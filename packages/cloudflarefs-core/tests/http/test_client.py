"""Request building, user agent, account ids, timeouts, with_options and envelope integration."""

from __future__ import annotations

import json
import platform
import re
from typing import Any

import httpx
import pytest

from cloudflarefs.core import (
    ApiRequest,
    ConfigurationError,
    InvalidInputError,
    MultipartPart,
    NotFoundError,
    RetryPolicy,
    __version__,
    build_path,
    parse_envelope,
    raise_for_status,
)
from cloudflarefs.core.http import DEFAULT_TIMEOUT


async def test_query_json_and_headers_are_sent(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope({"ok": 1}))
    client = harness.client(rec, base_url="https://api.example.com/client/v4/")
    request = ApiRequest(
        "post",
        build_path("/accounts/{a}/kv/{k}", a="acc", k="a/b c"),
        params={"per_page": 50, "tags": ["x", "y"], "flag": True, "skip": None},
        headers={"X-Custom": "1", "accept": "application/vnd.test"},
        json={"name": "ü", "n": [1, 2]},
    )
    response = await harness.send(client, request)
    sent = rec.requests[0]
    assert sent.method == "POST"
    assert (
        sent.url.raw_path
        == b"/client/v4/accounts/acc/kv/a%2Fb%20c?per_page=50&tags=x&tags=y&flag=true"
    )
    assert json.loads(sent.content) == {"name": "ü", "n": [1, 2]}
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-custom"] == "1"
    assert sent.headers.get_list("accept") == ["application/vnd.test"]
    assert response.status_code == 200 and response.json()["result"] == {"ok": 1}
    assert (response.method, response.path) == ("POST", request.path)
    await harness.close(client)


async def test_bytes_body_and_multipart_parts(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec)
    await harness.send(client, ApiRequest("PUT", "/v", content=b"\x00\x01raw"))
    parts = [
        MultipartPart("metadata", b'{"a":1}', content_type="application/json"),
        MultipartPart(
            "value", b"payload", filename="blob.bin", content_type="application/octet-stream"
        ),
        MultipartPart("plain", b"text"),
    ]
    await harness.send(client, ApiRequest("PUT", "/m", multipart=parts))
    raw = rec.requests[0]
    assert raw.content == b"\x00\x01raw"
    assert raw.headers["content-type"] == "application/octet-stream"
    form = rec.requests[1]
    assert form.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = form.content
    assert b'name="metadata"\r\nContent-Type: application/json\r\n\r\n{"a":1}' in body
    assert (
        b'name="value"; filename="blob.bin"\r\nContent-Type: application/octet-stream\r\n\r\npayload'
        in body
    )
    assert b'name="plain"\r\n\r\ntext' in body
    await harness.close(client)


async def test_unserialisable_json_is_rejected_before_any_request(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec)
    for bad in ({"x": float("nan")}, {"x": object()}):
        with pytest.raises(InvalidInputError, match="not JSON-serialisable"):
            await harness.send(client, ApiRequest("POST", "/x", json=bad))
    assert rec.requests == []
    await harness.close(client)


async def test_user_agent_names_product_core_python_and_httpx(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec, user_agent_product="cloudflarefs-kv-management/1.2.3")
    await harness.send(client, ApiRequest("GET", "/x"))
    ua = rec.requests[0].headers["user-agent"]
    assert ua == (
        f"cloudflarefs-kv-management/1.2.3 cloudflarefs-core/{__version__} "
        f"python/{platform.python_version()} httpx/{httpx.__version__}"
    )
    plain = harness.client(rec)
    await harness.send(plain, ApiRequest("GET", "/x"))
    assert rec.requests[1].headers["user-agent"].startswith(f"cloudflarefs-core/{__version__} ")
    with pytest.raises(ConfigurationError, match="user_agent_product"):
        harness.client(rec, user_agent_product="two words")
    await harness.close(client)
    await harness.close(plain)


def test_account_id_default_and_override(harness: Any) -> None:
    client = harness.client(account_id="acc-default")
    assert client.resolve_account_id(None) == "acc-default"
    assert client.resolve_account_id("acc-call") == "acc-call"
    with pytest.raises(InvalidInputError, match="non-empty"):
        client.resolve_account_id("  ")
    bare = harness.client()
    with pytest.raises(InvalidInputError, match="no account_id") as info:
        bare.resolve_account_id(None)
    assert "CLOUDFLARE_ACCOUNT_ID" in str(info.value)
    with pytest.raises(ConfigurationError, match="account_id is empty"):
        harness.client(account_id="")


async def test_default_client_and_per_call_timeouts(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec)
    await harness.send(client, ApiRequest("GET", "/x"))
    await harness.send(client, ApiRequest("GET", "/x"), timeout=2.5)
    await harness.send(client, ApiRequest("GET", "/x"), timeout=httpx.Timeout(1.0, read=9.0))
    custom = harness.client(rec, timeout=7)
    await harness.send(custom, ApiRequest("GET", "/x"))
    seen = [r.extensions["timeout"] for r in rec.requests]
    assert seen[0] == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 10.0}
    assert seen[0] == DEFAULT_TIMEOUT.as_dict()
    assert seen[1] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    assert seen[2] == {"connect": 1.0, "read": 9.0, "write": 1.0, "pool": 1.0}
    assert seen[3] == {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}
    await harness.close(client)
    await harness.close(custom)


async def test_total_deadline_caps_each_attempt_timeout(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec, retry=RetryPolicy(total_timeout=12.0))
    await harness.send(client, ApiRequest("GET", "/x"))
    assert rec.requests[0].extensions["timeout"] == {
        "connect": 5.0,
        "read": 12.0,
        "write": 12.0,
        "pool": 10.0,
    }
    await harness.close(client)


async def test_with_options_shares_the_pool_and_does_not_close_it(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    client = harness.client(rec, account_id="a1", base_url="https://one.example/v4")
    copy = client.with_options(
        account_id="a2",
        timeout=3.0,
        retry=RetryPolicy(max_retries=0),
        base_url="https://two.example/v4",
        api_key="k-2",
        api_email="e@example.com",
        user_agent_product="cloudflarefs-x/9",
    )
    assert copy.http_client is client.http_client
    assert (copy.account_id, copy.base_url, copy.auth.mode) == (
        "a2",
        "https://two.example/v4",
        "api_key",
    )
    assert (client.account_id, client.auth.mode) == ("a1", "api_token")
    await harness.close(copy)  # not the owner: the pool stays open
    assert not client.http_client.is_closed
    await harness.send(copy, ApiRequest("GET", "/x"))
    await harness.send(client, ApiRequest("GET", "/x"))
    first, second = rec.requests
    assert str(first.url) == "https://two.example/v4/x"
    assert first.headers["x-auth-key"] == "k-2" and "authorization" not in first.headers
    assert first.extensions["timeout"]["read"] == 3.0
    assert first.headers["user-agent"].startswith("cloudflarefs-x/9 ")
    assert str(second.url) == "https://one.example/v4/x"
    assert second.headers["authorization"] == f"Bearer {harness.token}"
    assert client.with_options(account_id=None).account_id is None
    with pytest.raises(ConfigurationError):
        client.with_options(api_key="only-a-key")
    with pytest.raises(ConfigurationError, match="https"):
        client.with_options(base_url="http://example.com")
    await harness.close(client)
    assert client.http_client.is_closed


async def test_injected_http_client_is_used_and_never_closed(harness: Any) -> None:
    rec = harness.Recorder(harness.envelope())
    transport = httpx.MockTransport(rec)
    pool: Any = (
        httpx.Client(transport=transport)
        if harness.flavour == "sync"
        else httpx.AsyncClient(transport=transport)
    )
    client = harness.client(http_client=pool)
    await harness.send(client, ApiRequest("GET", "/x"))
    assert client.http_client is pool and len(rec.requests) == 1
    await harness.close(client)
    assert not pool.is_closed
    if harness.flavour == "sync":
        pool.close()
    else:
        await pool.aclose()


async def test_context_manager_closes_its_own_pool(harness: Any) -> None:
    client = harness.client(harness.Recorder(harness.envelope()))
    if harness.flavour == "sync":
        with client as entered:
            assert entered is client
    else:
        async with client as entered:
            assert entered is client
    assert client.http_client.is_closed


async def test_send_then_parse_envelope_raises_not_found_with_context(harness: Any) -> None:
    rec = harness.Recorder(
        harness.failure(404, 10009, "key not found", **{"cf-ray": "8f1e2d3c4b5a6978-LHR"})
    )
    client = harness.client(rec, account_id="acc-1")
    path = build_path(
        "/accounts/{a}/storage/kv/namespaces/{n}/values/{k}",
        a=client.resolve_account_id(None),
        n="ns",
        k="k",
    )
    response = await harness.send(client, ApiRequest("GET", path, params={"sig": "q-SECRET"}))
    assert response.status_code == 404  # send itself never raises on status
    with pytest.raises(NotFoundError) as info:
        parse_envelope(response)
    assert str(info.value) == (
        "404 Not Found: [10009] key not found "
        "(GET /accounts/acc-1/storage/kv/namespaces/ns/values/k; cf-ray 8f1e2d3c4b5a6978-LHR)"
    )
    assert info.value.codes == (10009,)
    assert "q-SECRET" not in str(info.value) and harness.token not in repr(info.value)
    with pytest.raises(NotFoundError):
        raise_for_status(response)
    assert re.fullmatch(r"(Async)?HttpClient\(.*\)", repr(client))
    await harness.close(client)
