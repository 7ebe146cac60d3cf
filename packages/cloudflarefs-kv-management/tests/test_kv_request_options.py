"""Per-call options and raw responses on the generated surface, sync and async (MockTransport).

Every operation takes ``timeout=``, ``extra_headers=`` and ``max_retries=`` for one call, and
every resource has a ``with_raw_response`` view returning :class:`RawResponse`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, NotFoundError, ServerError
from cloudflarefs.core.raw import RawResponse
from cloudflarefs.core.retry import RetryPolicy
from cloudflarefs.kv.management import KVClient, Namespace
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient

NS = {"id": "0f2ac74b498b48028cb68387c421e279", "title": "sessions"}
RETRY = RetryPolicy(max_retries=1, backoff_initial=0.0, backoff_max=0.0, jitter=0.0)


def _ok(result: Any, **headers: str) -> httpx.Response:
    body = {"success": True, "errors": [], "messages": [], "result": result}
    return httpx.Response(200, json=body, headers=headers)


def _unavailable() -> httpx.Response:
    body = {"success": False, "errors": [{"code": 10000, "message": "busy"}], "messages": []}
    return httpx.Response(503, json=body)


def _sync(handler: Callable[[httpx.Request], httpx.Response]) -> KVClient:
    return KVClient(
        api_token="t",
        account_id="acct",
        transport=httpx.MockTransport(handler),
        retry=RETRY,
        sleep=lambda _: None,
    )


async def _no_sleep(_: float) -> None:
    return None


def _async(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncKVClient:
    return AsyncKVClient(
        api_token="t",
        account_id="acct",
        transport=httpx.MockTransport(handler),
        retry=RETRY,
        sleep=_no_sleep,
    )


def test_extra_headers_and_timeout_reach_the_wire_sync() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(NS)

    with _sync(handler) as kv:
        ns = kv.namespaces.get(NS["id"], extra_headers={"X-Trace": "abc"}, timeout=2.5)
        kv.namespaces.get(NS["id"])
    assert isinstance(ns, Namespace) and ns.title == "sessions"
    assert seen[0].headers["x-trace"] == "abc"
    assert seen[0].extensions["timeout"] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    # The next call is back to the client's own settings.
    assert "x-trace" not in seen[1].headers
    assert seen[1].extensions["timeout"] != seen[0].extensions["timeout"]


async def test_extra_headers_and_timeout_reach_the_wire_async() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(NS)

    async with _async(handler) as kv:
        await kv.namespaces.create("sessions", extra_headers={"X-Trace": "abc"}, timeout=1.0)
    assert seen[0].headers["x-trace"] == "abc"
    assert seen[0].extensions["timeout"]["read"] == 1.0
    assert json.loads(seen[0].content) == {"title": "sessions"}


def test_max_retries_overrides_the_client_budget_sync() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        return _unavailable()

    with _sync(handler) as kv:
        with pytest.raises(ServerError):
            kv.namespaces.get(NS["id"], max_retries=3)
        assert len(attempts) == 4
        attempts.clear()
        with pytest.raises(ServerError):
            kv.namespaces.get(NS["id"], max_retries=0)
        assert len(attempts) == 1
        attempts.clear()
        with pytest.raises(ServerError):
            kv.namespaces.get(NS["id"])  # the client's own budget: one retry
        assert len(attempts) == 2


async def test_max_retries_overrides_the_client_budget_async() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        return _unavailable() if len(attempts) < 3 else _ok(NS)

    async with _async(handler) as kv:
        ns = await kv.namespaces.get(NS["id"], max_retries=2)
    assert ns.id == NS["id"] and len(attempts) == 3


def test_options_also_apply_to_hand_written_methods() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok({"successful_key_count": 1, "unsuccessful_keys": []})

    with _sync(handler) as kv:
        kv.values.put(NS["id"], "k", "v", extra_headers={"X-Trace": "put"})
        kv.namespaces.bulk_delete(NS["id"], ["a", "b"], extra_headers={"X-Trace": "bulk"})
    assert [r.headers["x-trace"] for r in seen] == ["put", "bulk"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive"),
        ({"max_retries": -1}, "max_retries must be an int >= 0"),
        ({"extra_headers": {"Authorization": "Bearer other"}}, "must not set Authorization"),
        ({"retries": 2}, "unknown request options: retries"),
    ],
)
def test_bad_options_fail_before_any_request(options: dict[str, Any], message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    with _sync(handler) as kv, pytest.raises(InvalidInputError, match=message):
        kv.namespaces.get(NS["id"], **options)


def test_raw_response_keeps_status_headers_ray_and_the_typed_result_sync() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return _ok(NS, **{"cf-ray": "8a1b2c3d4e5f-SJC", "x-extra": "1"})

    with _sync(handler) as kv:
        raw = kv.namespaces.with_raw_response.get(NS["id"], extra_headers={"X-Trace": "raw"})
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.cf_ray == "8a1b2c3d4e5f-SJC"
    assert raw.headers["x-extra"] == "1"
    parsed = raw.parse()
    assert isinstance(parsed, Namespace) and parsed.title == "sessions"
    assert raw.result is parsed  # parsed once
    assert "8a1b2c3d4e5f-SJC" in repr(raw) and "sessions" not in repr(raw)


async def test_raw_response_defers_errors_to_parse_async() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"success": False, "errors": [{"code": 10013, "message": "gone"}], "messages": []}
        return httpx.Response(404, json=body, headers={"cf-ray": "ray-404"})

    async with _async(handler) as kv:
        raw = await kv.values.with_raw_response.get(NS["id"], "missing")
    assert raw.status_code == 404 and raw.cf_ray == "ray-404"
    with pytest.raises(NotFoundError):
        raw.parse()
