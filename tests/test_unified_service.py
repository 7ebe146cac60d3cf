"""``Cloudflare.service(KVClient)``: the typed way to get a service from the unified client."""

from __future__ import annotations

import httpx
import pytest

from cloudflarefs.core.http import AsyncCloudflare, Cloudflare
from cloudflarefs.kv.management import KVClient
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient

NAMESPACE = {"id": "0f2ac74b498b48028cb68387c421e279", "title": "sessions"}


def handler(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/client/v4/accounts/acc/storage/kv/namespaces"
    assert request.headers["authorization"] == "Bearer token-unified"
    return httpx.Response(200, json={"success": True, "errors": [], "result": NAMESPACE})


def test_service_is_the_attribute_instance_over_the_shared_http_client() -> None:
    with Cloudflare(
        api_token="token-unified", account_id="acc", transport=httpx.MockTransport(handler)
    ) as cf:
        kv = cf.service(KVClient)
        assert isinstance(kv, KVClient)
        assert kv.http is cf.http
        assert cf.service(KVClient) is kv
        assert cf.kv is kv  # attribute access still works, and is the same client
        assert kv.namespaces.create("sessions").id == NAMESPACE["id"]
    assert cf.http.http_client.is_closed


async def test_async_service_is_the_attribute_instance_over_the_shared_http_client() -> None:
    async with AsyncCloudflare(
        api_token="token-unified", account_id="acc", transport=httpx.MockTransport(handler)
    ) as cf:
        kv = cf.kv  # attribute first, then service(): still one instance
        assert cf.service(AsyncKVClient) is kv
        assert isinstance(kv, AsyncKVClient) and kv.http is cf.http
        assert (await kv.namespaces.create("sessions")).title == "sessions"


def test_service_refuses_a_class_of_the_other_flavour_or_no_client() -> None:
    transport = httpx.MockTransport(handler)
    with Cloudflare(api_token="token-unified", transport=transport) as cf:
        with pytest.raises(TypeError, match=r"takes a subclass of ServiceClient"):
            cf.service(AsyncKVClient)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        with pytest.raises(TypeError, match=r"got 'kv'"):
            cf.service("kv")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def test_async_service_refuses_a_sync_class() -> None:
    async with AsyncCloudflare(
        api_token="token-unified", transport=httpx.MockTransport(handler)
    ) as cf:
        with pytest.raises(TypeError, match=r"takes a subclass of AsyncServiceClient.*\.aio"):
            cf.service(KVClient)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
