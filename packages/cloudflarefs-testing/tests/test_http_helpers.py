"""cloudflarefs.testing.http: the MockTransport helpers of the management tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from cloudflarefs.core import ApiRequest, MultipartPart
from cloudflarefs.core.http import AsyncServiceClient, ServiceClient
from cloudflarefs.testing.http import (
    TEST_ACCOUNT,
    TEST_TOKEN,
    Driver,
    FormPart,
    MockClients,
    Recorder,
    envelope,
    failure,
    multipart_parts,
    never,
)


async def _async_items(*items: int) -> AsyncIterator[int]:
    for item in items:
        yield item


def test_recorder_keeps_requests_and_envelopes_have_the_v4_shape() -> None:
    rec = Recorder(lambda r: envelope({"id": 1}, result_info={"count": 1}))
    with httpx.Client(transport=httpx.MockTransport(rec)) as http:
        answer = http.post("https://api.test/x", json={"a": 1}).json()
    assert answer == {
        "success": True,
        "errors": [],
        "messages": [],
        "result": {"id": 1},
        "result_info": {"count": 1},
    }
    assert rec.json() == {"a": 1}
    assert [r.method for r in rec.requests] == ["POST"]
    bad = failure(404, 7003, "No route")
    assert bad.status_code == 404
    assert bad.json()["errors"] == [{"code": 7003, "message": "No route"}]


def test_never_fails_the_test_naming_the_request() -> None:
    with pytest.raises(AssertionError, match=r"GET https://api\.test/y"):
        never(httpx.Request("GET", "https://api.test/y"))


def test_multipart_parts_reads_names_types_filenames_and_payloads() -> None:
    rec = Recorder(lambda r: envelope(None))
    with ServiceClient(api_token="t", transport=httpx.MockTransport(rec)) as client:
        client.http.send(
            ApiRequest(
                "PUT",
                "/x",
                multipart=(
                    MultipartPart("metadata", b'{"k":1}', content_type="application/json"),
                    MultipartPart("index.js", b"code", filename="index.js", content_type="text/js"),
                ),
            )
        )
    parts = multipart_parts(rec.requests[0])
    assert list(parts) == ["metadata", "index.js"]
    assert parts["metadata"] == FormPart("application/json", None, b'{"k":1}')
    assert parts["index.js"] == ("text/js", "index.js", b"code")


async def test_mock_clients_build_with_defaults_and_close_every_client() -> None:
    clients = MockClients()
    sync, sync_rec = clients.make(ServiceClient, lambda r: envelope(None))
    aio, aio_rec = clients.factory(AsyncServiceClient)(lambda r: envelope(None))
    sync.http.send(ApiRequest("GET", "/a"))
    await aio.http.send(ApiRequest("GET", "/b"))
    assert sync.http.account_id == aio.http.account_id == TEST_ACCOUNT
    assert sync_rec.requests[0].headers["authorization"] == f"Bearer {TEST_TOKEN}"
    assert aio_rec.requests[0].url.path.endswith("/b")
    await clients.close()
    assert sync.http.http_client.is_closed
    assert aio.http.http_client.is_closed


async def test_driver_awaits_only_async_calls_and_collects_either_pager() -> None:
    sync_driver = Driver(object())
    assert await sync_driver(lambda c: 3) == 3
    assert await sync_driver.collect(iter([1, 2])) == [1, 2]

    async def later(_: object) -> int:
        return 4

    assert await sync_driver(later) == 4
    assert await sync_driver.collect(_async_items(5)) == [5]


def test_sync_or_async_fixture_runs_both(
    sync_or_async: str, request: pytest.FixtureRequest
) -> None:
    assert sync_or_async in ("sync", "async")
    assert request.node.name.endswith(f"[{sync_or_async}]")
