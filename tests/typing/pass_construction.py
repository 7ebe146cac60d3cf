"""Checked by pyright (strict) in test_pyright.py: typed construction and service discovery.

Not collected by pytest (no ``test_`` prefix); every line must type-check with 0 errors.
"""

from __future__ import annotations

from typing import assert_type

import httpx

from cloudflarefs.core.http import (
    AsyncCloudflare,
    AsyncHttpOptions,
    Cloudflare,
    HttpClient,
    HttpOptions,
)
from cloudflarefs.core.retry import RetryPolicy
from cloudflarefs.kv.management import KVClient, KVNamespaces, Namespace
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.kv.management.aio import KVNamespaces as AsyncKVNamespaces


def construct(transport: httpx.BaseTransport, http: HttpClient) -> None:
    kv = KVClient(
        api_token="token",
        account_id="account",
        base_url="https://api.cloudflare.com/client/v4",
        timeout=httpx.Timeout(5.0),
        retry=RetryPolicy(),
        transport=transport,
        user_agent_product="deploy/1.0",
        sleep=lambda seconds: None,
        clock=lambda: 0.0,
    )
    assert_type(kv, KVClient)
    assert_type(KVClient(http=http), KVClient)
    options: HttpOptions = {"api_token": "token", "timeout": 3.0}
    assert_type(KVClient(**options), KVClient)


async def construct_async(transport: httpx.AsyncBaseTransport) -> None:
    async def pause(seconds: float) -> None:
        return None

    kv = AsyncKVClient(api_token="token", transport=transport, sleep=pause)
    assert_type(kv, AsyncKVClient)
    options: AsyncHttpOptions = {"api_key": "key", "api_email": "me@example.com"}
    assert_type(AsyncKVClient(**options), AsyncKVClient)


def discover(cf: Cloudflare) -> Namespace:
    kv = cf.service(KVClient)
    assert_type(kv, KVClient)
    assert_type(kv.namespaces, KVNamespaces)
    return kv.namespaces.create("sessions")


async def discover_async(cf: AsyncCloudflare) -> Namespace:
    kv = cf.service(AsyncKVClient)
    assert_type(kv, AsyncKVClient)
    assert_type(kv.namespaces, AsyncKVNamespaces)
    return await kv.namespaces.create("sessions")


def unified(transport: httpx.BaseTransport) -> None:
    with Cloudflare(api_token="token", account_id="account", transport=transport) as cf:
        assert_type(cf.service(KVClient).namespaces, KVNamespaces)
