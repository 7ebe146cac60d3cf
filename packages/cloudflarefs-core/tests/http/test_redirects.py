"""API calls never follow redirects, whatever httpx client is passed in (issue 8, item 2).

Before the fix, an ``http_client`` built with ``follow_redirects=True`` sent the credentials
(``X-Auth-Key``, ``X-Auth-Email``) to wherever a 307 pointed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.core import ApiRequest, APIStatusError, UnexpectedRedirectError

API_KEY = "key-SECRET-redirect-9c1e"
EMAIL = "owner-SECRET-redirect@example.com"


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    conn.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def redirect_to(location: str, status: int = 307) -> Callable[[socket.socket], None]:
    def behaviour(conn: socket.socket) -> None:
        _read_head(conn)
        conn.sendall(
            f"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()
        )

    return behaviour


def answer_ok(conn: socket.socket) -> None:
    _read_head(conn)
    body = b'{"success":true,"errors":[],"messages":[],"result":{"stolen":true}}'
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def own_http_client(flavour: str) -> httpx.Client | httpx.AsyncClient:
    # The caller's own pool, configured to follow redirects: it must make no difference.
    if flavour == "sync":
        return httpx.Client(follow_redirects=True)
    return httpx.AsyncClient(follow_redirects=True)


async def _close_pool(pool: httpx.Client | httpx.AsyncClient) -> None:
    if isinstance(pool, httpx.AsyncClient):
        await pool.aclose()
    else:
        pool.close()  # noqa: ASYNC212 - the sync flavour's pool, closed at the end of the test


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_to_another_host_is_never_followed(
    harness: Any, raw_server: Any, status: int
) -> None:
    try:
        thief = raw_server(answer_ok, host="127.0.0.2")
    except OSError:  # pragma: no cover - every Linux routes 127.0.0.0/8 to loopback
        _no_second_loopback()
    target = f"http://user:pw-SECRET@127.0.0.2:{thief.port}/steal?token=q-SECRET#frag"
    api = raw_server(redirect_to(target, status))
    pool = own_http_client(harness.flavour)
    client = harness.client(
        api_token=None, api_key=API_KEY, api_email=EMAIL, base_url=api.base_url, http_client=pool
    )
    with pytest.raises(UnexpectedRedirectError) as caught:
        await harness.send(client, ApiRequest("GET", "/accounts/a/storage/kv/namespaces"))
    error = caught.value
    assert isinstance(error, APIStatusError) and error.status_code == status
    assert error.location == f"http://127.0.0.2:{thief.port}/steal?…"
    shown = f"{error!s} {error!r} {error.location}"
    for secret in ("SECRET", "pw-", "frag"):
        assert secret not in shown
    assert "127.0.0.2" in str(error) and "never follow" in str(error)
    assert api.connections == 1
    assert thief.connections == 0
    await _close_pool(pool)


async def test_a_redirect_is_not_followed_by_streamed_calls_either(
    harness: Any, raw_server: Any
) -> None:
    try:
        thief = raw_server(answer_ok, host="127.0.0.2")
    except OSError:  # pragma: no cover
        _no_second_loopback()
    api = raw_server(redirect_to(f"http://127.0.0.2:{thief.port}/x"))
    pool = own_http_client(harness.flavour)
    client = harness.client(base_url=api.base_url, http_client=pool)
    with pytest.raises(UnexpectedRedirectError, match=r"127\.0\.0\.2"):
        await harness.stream(client, ApiRequest("GET", "/big", response_kind="stream"))
    assert thief.connections == 0
    await _close_pool(pool)


async def test_a_relative_redirect_is_an_error_too_and_is_not_retried(harness: Any) -> None:
    rec = harness.Recorder(httpx.Response(308, headers={"Location": "/elsewhere?sig=abc"}))
    client = harness.client(rec)
    with pytest.raises(UnexpectedRedirectError) as caught:
        await harness.send(client, ApiRequest("PUT", "/a", content=b"x"))
    assert caught.value.location == "/elsewhere?…"
    assert len(rec.requests) == 1
    await harness.close(client)


async def test_a_redirect_without_location_and_304_are_distinguished(harness: Any) -> None:
    rec = harness.Recorder(httpx.Response(302), httpx.Response(304))
    client = harness.client(rec)
    with pytest.raises(UnexpectedRedirectError, match="no Location"):
        await harness.send(client, ApiRequest("GET", "/a"))
    # 304 answers a conditional request: it is returned, like any other status.
    response = await harness.send(client, ApiRequest("GET", "/a"))
    assert response.status_code == 304
    await harness.close(client)


def _no_second_loopback() -> None:
    """Skip where 127.0.0.2 cannot be bound (macOS by default); in CI (Linux) that is a failure."""
    message = "127.0.0.2 cannot be bound on this machine"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
