"""ServiceClient / AsyncServiceClient: shared-or-owned HTTP client, closing, repr."""

from __future__ import annotations

import httpx
import pytest

from cloudflarefs.core import ApiRequest
from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import (
    AsyncHttpClient,
    AsyncServiceClient,
    HttpClient,
    ServiceClient,
)

TOKEN = "tok-SECRET-service-91c0"


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "errors": [], "messages": [], "result": {}})


class Widgets:
    """A stand-in resource group: remembers the HTTP client it was given."""

    def __init__(self, http: HttpClient | AsyncHttpClient) -> None:
        self.http = http


class DemoClient(ServiceClient):
    user_agent_product = "cloudflarefs-demo-management/1.2.3"
    widgets: Widgets

    def _attach(self, http: HttpClient) -> None:
        self.widgets = Widgets(http)


class AsyncDemoClient(AsyncServiceClient):
    user_agent_product = "cloudflarefs-demo-management/1.2.3"
    widgets: Widgets

    def _attach(self, http: AsyncHttpClient) -> None:
        self.widgets = Widgets(http)


def test_builds_and_owns_a_client_with_the_product_in_the_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(request)

    with DemoClient(api_token=TOKEN, transport=httpx.MockTransport(handler)) as demo:
        assert demo.widgets.http is demo.http
        demo.http.send(ApiRequest("GET", "/user/tokens/verify"))
        pool = demo.http.http_client
        assert not pool.is_closed
    assert pool.is_closed
    assert "cloudflarefs-demo-management/1.2.3" in seen[0].headers["user-agent"]
    assert repr(demo) == "DemoClient(owns_http=True)"


def test_an_explicit_user_agent_product_wins() -> None:
    demo = DemoClient(
        api_token=TOKEN, user_agent_product="mine/9", transport=httpx.MockTransport(_ok)
    )
    assert "mine/9" in demo.http.user_agent
    assert "cloudflarefs-demo-management" not in demo.http.user_agent
    demo.close()


def test_a_shared_client_is_used_as_is_and_never_closed() -> None:
    shared = HttpClient(api_token=TOKEN, transport=httpx.MockTransport(_ok))
    with DemoClient(http=shared) as demo:
        assert demo.http is shared
        assert demo.widgets.http is shared
    assert not shared.http_client.is_closed
    assert repr(demo) == "DemoClient(owns_http=False)"
    shared.close()


def test_http_and_client_arguments_together_are_refused_by_name() -> None:
    shared = HttpClient(api_token=TOKEN, transport=httpx.MockTransport(_ok))
    with pytest.raises(ConfigurationError, match=r"HttpClient arguments.*account_id, base_url"):
        DemoClient(http=shared, base_url="https://example.com", account_id="a")
    shared.close()


def test_secrets_never_reach_the_repr() -> None:
    demo = DemoClient(api_token=TOKEN, transport=httpx.MockTransport(_ok))
    assert TOKEN not in repr(demo)
    demo.close()


def test_bad_client_arguments_surface_at_construction() -> None:
    with pytest.raises(ConfigurationError):
        DemoClient(api_token=TOKEN, base_url="http://example.com")


async def test_async_builds_owns_and_closes() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(request)

    async with AsyncDemoClient(api_token=TOKEN, transport=httpx.MockTransport(handler)) as demo:
        assert demo.widgets.http is demo.http
        await demo.http.send(ApiRequest("GET", "/user/tokens/verify"))
        pool = demo.http.http_client
    assert pool.is_closed
    assert "cloudflarefs-demo-management/1.2.3" in seen[0].headers["user-agent"]
    assert repr(demo) == "AsyncDemoClient(owns_http=True)"
    assert TOKEN not in repr(demo)


async def test_async_shared_client_stays_open_and_arguments_conflict() -> None:
    shared = AsyncHttpClient(api_token=TOKEN, transport=httpx.MockTransport(_ok))
    async with AsyncDemoClient(http=shared) as demo:
        assert demo.http is shared
    assert not shared.http_client.is_closed
    with pytest.raises(ConfigurationError, match=r"AsyncHttpClient arguments.*timeout"):
        AsyncDemoClient(http=shared, timeout=3)
    await shared.close()


def test_base_alone_attaches_nothing_and_adds_no_product() -> None:
    plain = ServiceClient(api_token=TOKEN, transport=httpx.MockTransport(_ok))
    assert plain.user_agent_product is None
    assert plain.http.user_agent.startswith("cloudflarefs-core/")
    plain.close()
