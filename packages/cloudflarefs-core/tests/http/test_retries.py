"""The retry loop over httpx.MockTransport, with an injected fake sleep and clock."""

from __future__ import annotations

import email.utils
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cloudflarefs.core import (
    NO_RETRY,
    APIConnectionError,
    ApiRequest,
    APITimeoutError,
    ConflictError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    parse_envelope,
)

EXACT = RetryPolicy(jitter=0.0)  # no jitter: delays are exactly 0.5, 1.0, ...


async def run(
    harness: Any, rec: Any, request: ApiRequest, retry: RetryPolicy = EXACT, **kw: Any
) -> Any:
    client = harness.client(rec, retry=retry)
    try:
        return await harness.send(client, request, **kw)
    finally:
        await harness.close(client)


async def test_429_retry_after_seconds_is_honoured(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(429, **{"retry-after": "3"}), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("GET", "/x"))
    assert parse_envelope(response).result == "ok"
    assert len(rec.requests) == 2 and harness.sleeps == [3.0]


async def test_429_retry_after_http_date_is_honoured(harness: Any) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    rec = harness.Recorder(harness.failure(429, **{"retry-after": when}), harness.envelope("ok"))
    await run(harness, rec, ApiRequest("GET", "/x"))
    (delay,) = harness.sleeps
    assert 20.0 < delay <= 30.0  # whole-second date, computed against the wall clock


async def test_retry_after_ms_wins(harness: Any) -> None:
    headers = {"retry-after-ms": "250", "retry-after": "9"}
    rec = harness.Recorder(harness.failure(429, **headers), harness.envelope("ok"))
    await run(harness, rec, ApiRequest("GET", "/x"))
    assert harness.sleeps == [0.25]


async def test_retry_after_beyond_the_cap_gives_up_and_returns_the_429(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(429, 971, "slow down", **{"retry-after": "120"}))
    response = await run(harness, rec, ApiRequest("GET", "/x"))
    assert response.status_code == 429 and len(rec.requests) == 1 and harness.sleeps == []
    with pytest.raises(RateLimitError) as info:
        parse_envelope(response)
    assert info.value.retry_after == 120.0


async def test_5xx_on_get_is_retried_with_backoff(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(503), harness.failure(502), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("GET", "/x"))
    assert response.status_code == 200
    assert len(rec.requests) == 3 and harness.sleeps == [0.5, 1.0]


async def test_retries_run_out_and_the_last_response_is_returned(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(500, 10001, "internal"))
    response = await run(harness, rec, ApiRequest("DELETE", "/x"))
    assert len(rec.requests) == 3 and harness.sleeps == [0.5, 1.0]
    with pytest.raises(ServerError, match=r"500 Internal Server Error: \[10001\] internal"):
        parse_envelope(response)


@pytest.mark.parametrize("status", [500, 503, 408])
async def test_5xx_and_408_on_post_are_not_retried(harness: Any, status: int) -> None:
    rec = harness.Recorder(harness.failure(status), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("POST", "/x", json={}))
    assert response.status_code == status and len(rec.requests) == 1 and harness.sleeps == []


@pytest.mark.parametrize("method", ["POST", "GET", "PUT"])
async def test_409_is_never_retried(harness: Any, method: str) -> None:
    rec = harness.Recorder(harness.failure(409, 10014, "exists"), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest(method, "/x"))
    assert len(rec.requests) == 1 and harness.sleeps == []
    with pytest.raises(ConflictError):
        parse_envelope(response)


async def test_429_on_post_is_retried(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(429), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("POST", "/x", json={"a": 1}))
    assert response.status_code == 200 and len(rec.requests) == 2
    assert rec.requests[1].content == b'{"a":1}'  # the body is sent again in full


async def test_retry_safe_post_is_retried_on_503(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(503), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("POST", "/x", json={}, retry_safe=True))
    assert response.status_code == 200 and len(rec.requests) == 2


async def test_total_deadline_stops_before_a_sleep_would_overrun(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(503))
    policy = RetryPolicy(jitter=0.0, max_retries=5, total_timeout=1.2)
    response = await run(harness, rec, ApiRequest("GET", "/x"), retry=policy)
    # 0.5 fits; 0.5 + 1.0 would pass 1.2, so the second 503 is final.
    assert response.status_code == 503 and len(rec.requests) == 2 and harness.sleeps == [0.5]


async def test_total_deadline_counts_time_spent_in_requests(harness: Any) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        harness.now += 2.0  # each attempt takes two (fake) seconds
        return harness.failure(503)

    rec = harness.Recorder(slow)
    policy = RetryPolicy(jitter=0.0, max_retries=5, total_timeout=5.0)
    await run(harness, rec, ApiRequest("GET", "/x"), retry=policy)
    # 2 s + 0.5 s sleep + 2 s = 4.5 s; a further 1 s sleep would pass 5 s.
    assert len(rec.requests) == 2 and harness.sleeps == [0.5]


async def test_reaching_the_deadline_exactly_raises_a_timeout(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(429, **{"retry-after": "2"}))
    policy = RetryPolicy(jitter=0.0, total_timeout=2.0)
    with pytest.raises(APITimeoutError, match=r"total timeout of 2s exceeded after 1 attempt"):
        await run(harness, rec, ApiRequest("GET", "/x"), retry=policy)
    assert len(rec.requests) == 1


async def test_per_call_retry_overrides_the_client_policy(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(503))
    client = harness.client(rec, retry=NO_RETRY)
    await harness.send(client, ApiRequest("GET", "/x"))
    assert len(rec.requests) == 1
    await harness.send(client, ApiRequest("GET", "/x"), retry=EXACT.evolve(max_retries=3))
    assert len(rec.requests) == 5 and harness.sleeps == [0.5, 1.0, 2.0]
    await harness.close(client)

    rec = harness.Recorder(harness.failure(503))
    client = harness.client(rec)  # default policy: two retries
    await harness.send(client, ApiRequest("GET", "/x"), retry=NO_RETRY)
    assert len(rec.requests) == 1
    await harness.close(client)


# --- transport failures ---------------------------------------------------------------------


def raising(exc_type: type[httpx.TransportError], message: str = "boom") -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return handler


@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_connect_failures_are_retried_for_any_method(
    harness: Any, exc_type: type[httpx.TransportError]
) -> None:
    rec = harness.Recorder(raising(exc_type), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("POST", "/x", json={}))
    assert response.status_code == 200 and len(rec.requests) == 2 and harness.sleeps == [0.5]


@pytest.mark.parametrize(
    ("exc_type", "error"),
    [
        (httpx.ConnectError, APIConnectionError),
        (httpx.ConnectTimeout, APITimeoutError),
    ],
)
async def test_connect_failures_give_up_with_the_attempt_count(
    harness: Any, exc_type: type[httpx.TransportError], error: type[Exception]
) -> None:
    rec = harness.Recorder(raising(exc_type))
    with pytest.raises(error) as info:
        await run(harness, rec, ApiRequest("POST", "/accounts/a/x", json={}))
    assert type(info.value) is error
    assert "after 3 attempts" in str(info.value) and "(POST /accounts/a/x)" in str(info.value)
    assert len(rec.requests) == 3


@pytest.mark.parametrize(
    ("exc_type", "error"),
    [
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.WriteTimeout, APITimeoutError),
        (httpx.ReadError, APIConnectionError),
        (httpx.RemoteProtocolError, APIConnectionError),
    ],
)
async def test_read_failures_retry_only_idempotent_requests(
    harness: Any, exc_type: type[httpx.TransportError], error: type[Exception]
) -> None:
    rec = harness.Recorder(raising(exc_type))
    with pytest.raises(error) as info:
        await run(harness, rec, ApiRequest("POST", "/x", json={}))
    assert type(info.value) is error and len(rec.requests) == 1
    assert "after 1 attempt:" in str(info.value)

    rec = harness.Recorder(raising(exc_type), harness.envelope("ok"))
    response = await run(harness, rec, ApiRequest("GET", "/x"))
    assert response.status_code == 200 and len(rec.requests) == 2


async def test_other_transport_errors_are_not_retried(harness: Any) -> None:
    rec = harness.Recorder(raising(httpx.ProxyError))
    with pytest.raises(APIConnectionError, match="ProxyError"):
        await run(harness, rec, ApiRequest("GET", "/x"))
    assert len(rec.requests) == 1


async def test_connection_errors_never_repeat_the_query_string(harness: Any) -> None:
    def leaky(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError(f"failed reading {request.url}", request=request)

    rec = harness.Recorder(leaky)
    with pytest.raises(APIConnectionError) as info:
        await run(harness, rec, ApiRequest("POST", "/x", params={"sig": "Q-SECRET-991"}))
    assert "Q-SECRET-991" not in str(info.value)
    assert harness.token not in str(info.value)


async def test_stream_retries_statuses_before_the_body(harness: Any) -> None:
    rec = harness.Recorder(
        harness.failure(503), httpx.Response(200, content=b"line one\nline two\n")
    )
    client = harness.client(rec, retry=EXACT)
    response, lines = await harness.stream(client, ApiRequest("GET", "/x"), lines=True)
    assert response.status_code == 200 and lines == ["line one", "line two"]
    assert len(rec.requests) == 2 and harness.sleeps == [0.5]
    await harness.close(client)


async def test_a_streamed_body_is_sent_once_whatever_the_policy(harness: Any) -> None:
    async def async_chunks() -> AsyncIterator[bytes]:
        yield b"one-"
        yield b"shot"

    chunks = iter([b"one-", b"shot"]) if harness.flavour == "sync" else async_chunks()
    rec = harness.Recorder(harness.failure(503), harness.envelope("never reached"))
    response = await run(harness, rec, ApiRequest("PUT", "/x", content=chunks))
    assert response.status_code == 503  # a replay would send an empty body: never retried
    assert len(rec.requests) == 1 and rec.requests[0].content == b"one-shot"
    assert harness.sleeps == []


async def test_a_bytes_body_is_retried_with_the_same_content(harness: Any) -> None:
    rec = harness.Recorder(harness.failure(503), harness.envelope("ok"))
    await run(harness, rec, ApiRequest("PUT", "/x", content=b"again"))
    assert [r.content for r in rec.requests] == [b"again", b"again"]
