"""A user Worker's code can be streamed instead of buffered whole (issue 8, item 4)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, ResponseTooLargeError
from cloudflarefs.testing.http import Recorder
from cloudflarefs.workers_for_platforms.management import WorkersForPlatformsClient
from cloudflarefs.workers_for_platforms.management.aio import (
    WorkersForPlatformsClient as AsyncWorkersForPlatformsClient,
)

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up
CHUNK = b"x" * 65536
CHUNKS = 32  # 2 MiB, over the 1 MiB limit these clients get
LIMIT = 1024 * 1024


def _code(request: httpx.Request) -> httpx.Response:
    def body() -> Iterator[bytes]:
        yield from [CHUNK] * CHUNKS

    return httpx.Response(200, content=body())


async def _acode(request: httpx.Request) -> httpx.Response:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(CHUNKS):
            yield CHUNK

    return httpx.Response(200, content=body())


def test_sync_stream_of_user_worker_code() -> None:
    rec = Recorder(_code)
    with WorkersForPlatformsClient(
        api_token=TOKEN,
        account_id=ACCOUNT,
        max_response_size=LIMIT,
        transport=httpx.MockTransport(rec),
    ) as wfp:
        with pytest.raises(ResponseTooLargeError):
            wfp.content.get("customers", "acme")
        with wfp.content.stream("customers", "acme") as response:
            size = sum(len(chunk) for chunk in response.iter_bytes())
    assert size == CHUNKS * len(CHUNK)
    assert rec.requests[-1].url.path.endswith("/dispatch/namespaces/customers/scripts/acme/content")


async def test_async_stream_of_user_worker_code() -> None:
    async with AsyncWorkersForPlatformsClient(
        api_token=TOKEN,
        account_id=ACCOUNT,
        max_response_size=LIMIT,
        transport=httpx.MockTransport(_acode),
    ) as wfp:
        with pytest.raises(ResponseTooLargeError):
            await wfp.content.get("customers", "acme")
        size = 0
        async with wfp.content.stream("customers", "acme") as response:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
    assert size == CHUNKS * len(CHUNK)


def test_stream_refuses_dot_segments_before_any_request() -> None:
    rec = Recorder(_code)
    with (
        WorkersForPlatformsClient(
            api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
        ) as wfp,
        pytest.raises(InvalidInputError),
    ):
        wfp.content.stream("..", "acme")
    assert rec.requests == []
