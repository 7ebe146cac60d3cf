"""Large KV values stream instead of being buffered whole (issue 8, item 4)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, NotFoundError, ResponseTooLargeError
from cloudflarefs.kv.management import KVClient
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.http import FAILURE_BODY, Recorder

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "0f2ac74b498b48028cb68387c421e279"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up
BLOCK = bytes(range(256)) * 256  # 64 KiB
BLOCKS = 64  # 4 MiB value, over the 1 MiB limit these clients get
LIMIT = 1024 * 1024


def _blocks() -> Iterator[bytes]:
    for _ in range(BLOCKS):
        yield BLOCK


async def _ablocks() -> AsyncIterator[bytes]:
    for _ in range(BLOCKS):
        yield BLOCK


def _large(request: httpx.Request) -> httpx.Response:
    # An iterator body is streamed by httpx, as from a real server.
    return httpx.Response(200, content=_blocks())


async def _alarge(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=_ablocks())


def test_sync_stream_delivers_a_value_larger_than_the_buffer_limit() -> None:
    rec = Recorder(_large)
    with KVClient(
        api_token=TOKEN,
        account_id=ACCOUNT,
        max_response_size=LIMIT,
        transport=httpx.MockTransport(rec),
    ) as kv:
        with pytest.raises(ResponseTooLargeError):
            kv.values.get(NS, "big")
        total = 0
        with kv.values.stream(NS, "dir/big") as response:
            assert response.status_code == 200
            for chunk in response.iter_bytes():
                assert len(chunk) <= len(BLOCK)
                total += len(chunk)
    assert total == BLOCKS * len(BLOCK)
    assert rec.requests[1].url.raw_path.endswith(f"/namespaces/{NS}/values/dir%2Fbig".encode())


async def test_async_stream_delivers_a_value_larger_than_the_buffer_limit() -> None:
    transport = httpx.MockTransport(_alarge)
    async with AsyncKVClient(
        api_token=TOKEN, account_id=ACCOUNT, max_response_size=LIMIT, transport=transport
    ) as kv:
        with pytest.raises(ResponseTooLargeError):
            await kv.values.get(NS, "big")
        total = 0
        async with kv.values.stream(NS, "big") as response:
            async for chunk in response.aiter_bytes():
                total += len(chunk)
    assert total == BLOCKS * len(BLOCK)


def test_stream_of_a_missing_key_raises_not_found() -> None:
    rec = Recorder(lambda r: httpx.Response(404, json=FAILURE_BODY))
    with (
        KVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as kv,
        pytest.raises(NotFoundError),
        kv.values.stream(NS, "missing"),
    ):
        pass


@pytest.mark.parametrize(("ns", "key"), [("", "k"), (NS, ""), (NS, ".."), ("..", "k")])
def test_stream_validates_before_any_request(ns: str, key: str) -> None:
    rec = Recorder(_large)
    with (
        KVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as kv,
        pytest.raises(InvalidInputError),
    ):
        kv.values.stream(ns, key)
    assert rec.requests == []
