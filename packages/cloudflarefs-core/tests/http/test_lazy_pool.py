"""The httpx pool is built on first use: construction is cheap, behaviour is unchanged."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from cloudflarefs.core import ApiRequest
from cloudflarefs.core.http._pool import LazyPool


class _Counting:
    """Patches httpx.Client and httpx.AsyncClient with subclasses that count instances."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.built = 0
        counter = self

        class Client(httpx.Client):
            def __init__(self, **kwargs: Any) -> None:
                counter.built += 1
                super().__init__(**kwargs)

        class AsyncClient(httpx.AsyncClient):
            def __init__(self, **kwargs: Any) -> None:
                counter.built += 1
                super().__init__(**kwargs)

        monkeypatch.setattr(httpx, "Client", Client)
        monkeypatch.setattr(httpx, "AsyncClient", AsyncClient)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> _Counting:
    return _Counting(monkeypatch)


async def test_the_pool_is_built_by_the_first_request_and_shared_by_copies(
    harness: Any, counting: _Counting
) -> None:
    rec = harness.Recorder(harness.envelope({"ok": 1}))
    client = harness.client(rec)
    copy = client.with_options(account_id="a2")
    assert counting.built == 0
    await harness.send(client, ApiRequest("GET", "/a"))
    await harness.send(copy, ApiRequest("GET", "/b"))
    await harness.send(client, ApiRequest("GET", "/c"))
    assert counting.built == 1
    assert copy.http_client is client.http_client
    assert [r.url.path for r in rec.requests] == ["/client/v4/a", "/client/v4/b", "/client/v4/c"]
    await harness.close(client)
    assert copy.http_client.is_closed


async def test_closing_an_unused_client_leaves_a_closed_pool(
    harness: Any, counting: _Counting
) -> None:
    client = harness.client(harness.Recorder(harness.envelope()))
    await harness.close(client)
    assert client.http_client.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await harness.send(client, ApiRequest("GET", "/a"))
    assert counting.built == 1


async def test_an_injected_client_is_used_as_is(harness: Any, counting: _Counting) -> None:
    transport = httpx.MockTransport(lambda _: harness.envelope())
    if harness.flavour == "sync":
        pool: Any = httpx.Client(transport=transport)
    else:
        pool = httpx.AsyncClient(transport=transport)
    built_by_test = counting.built
    client = harness.client(http_client=pool)
    await harness.send(client, ApiRequest("GET", "/a"))
    assert client.http_client is pool
    assert counting.built == built_by_test
    await harness.close(client)
    assert not pool.is_closed


def test_racing_first_uses_build_one_pool() -> None:
    built: list[object] = []
    gate = threading.Barrier(8)

    def build() -> httpx.Client:
        built.append(object())
        time.sleep(0.01)  # widen the window a missing lock would let a second thread through
        return httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(204)))

    pool = LazyPool(build)
    seen: list[httpx.Client] = []

    def first_use() -> None:
        gate.wait()
        seen.append(pool.get())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert all(client is seen[0] for client in seen)
    seen[0].close()
