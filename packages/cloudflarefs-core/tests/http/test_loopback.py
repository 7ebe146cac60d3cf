"""Fault and streaming behaviour against real servers on 127.0.0.1 (no mocks in the socket path)."""

from __future__ import annotations

import logging
import threading
from typing import Any

import httpx
import pytest

from cloudflarefs.core import APIConnectionError, ApiRequest, APITimeoutError, NotFoundError


def wait_for(condition: Any) -> None:
    """Let a server thread catch up (it counts a connection just after accepting it)."""
    done = threading.Event()
    for _ in range(500):
        if condition():
            return
        done.wait(0.01)


async def test_connection_reset_before_response_is_retried_for_get_only(
    harness: Any, raw_server: Any, raw_server_behaviours: Any
) -> None:
    server = raw_server(raw_server_behaviours.reset_after_request)
    client = harness.client(base_url=server.base_url)
    with pytest.raises(APIConnectionError) as info:
        await harness.send(client, ApiRequest("GET", "/accounts/a/items"))
    assert type(info.value) is APIConnectionError
    assert "after 3 attempts" in str(info.value)
    wait_for(lambda: server.connections >= 3)
    assert server.connections == 3 and len(harness.sleeps) == 2

    with pytest.raises(APIConnectionError) as info:
        await harness.send(client, ApiRequest("POST", "/accounts/a/items", json={"n": 1}))
    assert "after 1 attempt:" in str(info.value)
    wait_for(lambda: server.connections >= 4)
    assert server.connections == 4 and len(harness.sleeps) == 2
    await harness.close(client)


async def test_connection_refused_is_retried_for_any_method(
    harness: Any, closed_port_url: str
) -> None:
    client = harness.client(base_url=closed_port_url)
    with pytest.raises(APIConnectionError) as info:
        await harness.send(client, ApiRequest("POST", "/accounts/a/queue", json={}))
    assert type(info.value) is APIConnectionError
    assert "connection failed after 3 attempts: ConnectError" in str(info.value)
    assert len(harness.sleeps) == 2
    await harness.close(client)


async def test_read_timeout_from_a_silent_server(
    harness: Any, raw_server: Any, raw_server_behaviours: Any
) -> None:
    server = raw_server(raw_server_behaviours.never_answer)
    client = harness.client(base_url=server.base_url, timeout=httpx.Timeout(5.0, read=0.2))
    with pytest.raises(APITimeoutError) as info:
        await harness.send(client, ApiRequest("GET", "/slow"))
    assert "request timed out after 3 attempts: ReadTimeout" in str(info.value)
    wait_for(lambda: server.connections >= 3)
    assert server.connections == 3

    # A POST is not repeated after a read timeout: the server may have acted on it.
    with pytest.raises(APITimeoutError, match="after 1 attempt:"):
        await harness.send(client, ApiRequest("POST", "/slow", json={}), timeout=0.2)
    wait_for(lambda: server.connections >= 4)
    assert server.connections == 4
    await harness.close(client)


async def test_streaming_a_large_body(
    harness: Any, streaming_server: str, raw_server_behaviours: Any
) -> None:
    client = harness.client(base_url=streaming_server)
    response, chunks = await harness.stream(
        client, ApiRequest("GET", "/big", response_kind="stream")
    )
    body = b"".join(chunks)
    lines = raw_server_behaviours.BIG_LINES
    line = raw_server_behaviours.BIG_LINE
    assert response.status_code == 200 and response.ray_id == "8f00000000000001-LHR"
    assert response.headers["transfer-encoding"] == "chunked"
    assert len(body) == lines * (7 + len(line) + 1)
    assert len(chunks) > 1  # really incremental
    assert body.startswith(b"000000 " + line + b"\n")
    assert body.endswith(b"%06d " % (lines - 1) + line + b"\n")

    _, text_lines = await harness.stream(client, ApiRequest("GET", "/big"), lines=True)
    assert len(text_lines) == lines and text_lines[123] == "000123 " + line.decode()
    await harness.close(client)


async def test_streaming_an_error_status_raises_after_reading_the_body(
    harness: Any, streaming_server: str
) -> None:
    client = harness.client(base_url=streaming_server)
    with pytest.raises(NotFoundError) as info:
        await harness.stream(client, ApiRequest("GET", "/accounts/a/values/missing"))
    assert str(info.value) == (
        "404 Not Found: [10009] key not found "
        "(GET /accounts/a/values/missing; cf-ray 8f00000000000002-LHR)"
    )
    assert b"key not found" in info.value.body
    await harness.close(client)


async def test_a_body_cut_off_mid_stream_raises_a_connection_error(
    harness: Any, raw_server: Any, raw_server_behaviours: Any
) -> None:
    server = raw_server(raw_server_behaviours.cut_mid_body)
    client = harness.client(base_url=server.base_url)
    with pytest.raises(APIConnectionError, match=r"response body interrupted.*\(GET /blob\)"):
        await harness.stream(client, ApiRequest("GET", "/blob"))
    await harness.close(client)


async def test_debug_logs_are_useful_and_redacted(
    harness: Any,
    streaming_server: str,
    raw_server: Any,
    raw_server_behaviours: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key, email, signature = "key-SECRET-LOG-5521", "log-SECRET@example.com", "SIG-SECRET-0042"
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    client = harness.client(base_url=streaming_server, api_token=None, api_key=key, api_email=email)
    await harness.send(client, ApiRequest("GET", "/accounts/a/values/k", params={"sig": signature}))
    resetting = raw_server(raw_server_behaviours.reset_after_request)
    retried = harness.client(base_url=resetting.base_url)
    with pytest.raises(APIConnectionError):
        await harness.send(retried, ApiRequest("GET", "/accounts/a/values/k"))
    await harness.close(client)
    await harness.close(retried)

    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("cloudflarefs"))
    assert "GET /accounts/a/values/k -> 404 (attempt 1, " in ours
    assert "'x-auth-key': '***'" in ours and "'x-auth-email': '***'" in ours
    assert (
        "retrying after ReadError in " in ours or "retrying after RemoteProtocolError in " in ours
    )
    assert signature not in ours  # paths are logged without their query strings
    everything = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (key, email, harness.token):
        assert secret not in everything


async def test_a_buffered_body_cut_off_is_retried_for_get_only(
    harness: Any, raw_server: Any, raw_server_behaviours: Any
) -> None:
    # The body is read inside the retry loop: a transfer cut midway is a lost connection.
    server = raw_server(raw_server_behaviours.cut_mid_body)
    client = harness.client(base_url=server.base_url)
    with pytest.raises(APIConnectionError, match="after 3 attempts"):
        await harness.send(client, ApiRequest("GET", "/blob", response_kind="bytes"))
    assert server.connections == 3
    with pytest.raises(APIConnectionError, match="after 1 attempt"):
        await harness.send(client, ApiRequest("POST", "/blob", response_kind="bytes"))
    assert server.connections == 4
    await harness.close(client)
