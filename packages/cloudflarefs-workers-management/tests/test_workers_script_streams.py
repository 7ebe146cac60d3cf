"""Worker script content can be streamed instead of buffered whole (issue 8, item 4)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, ResponseTooLargeError
from cloudflarefs.testing.http import Recorder
from cloudflarefs.workers.management import WorkersClient
from cloudflarefs.workers.management.aio import WorkersClient as AsyncWorkersClient

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up
SCRIPTS = f"/client/v4/accounts/{ACCOUNT}/workers/scripts"
LINE = b"export const x = 1; // " + b"." * 1000 + b"\n"
LINES = 2048  # about 2 MiB of script, over the 1 MiB limit these clients get
LIMIT = 1024 * 1024


def _script(request: httpx.Request) -> httpx.Response:
    def body() -> Iterator[bytes]:
        for _ in range(LINES):
            yield LINE

    return httpx.Response(200, content=body())


async def _ascript(request: httpx.Request) -> httpx.Response:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(LINES):
            yield LINE

    return httpx.Response(200, content=body())


@pytest.mark.parametrize(("group", "suffix"), [("scripts", ""), ("content", "/content/v2")])
def test_sync_stream_of_a_script_over_the_buffer_limit(group: str, suffix: str) -> None:
    rec = Recorder(_script)
    with WorkersClient(
        api_token=TOKEN,
        account_id=ACCOUNT,
        max_response_size=LIMIT,
        transport=httpx.MockTransport(rec),
    ) as workers:
        resource = getattr(workers, group)
        with pytest.raises(ResponseTooLargeError):
            resource.get("big-worker")
        with resource.stream("big-worker") as response:
            lines = sum(1 for _ in response.iter_lines())
    assert lines == LINES
    assert rec.requests[-1].url.path == f"{SCRIPTS}/big-worker{suffix}"


@pytest.mark.parametrize("group", ["scripts", "content"])
async def test_async_stream_of_a_script_over_the_buffer_limit(group: str) -> None:
    async with AsyncWorkersClient(
        api_token=TOKEN,
        account_id=ACCOUNT,
        max_response_size=LIMIT,
        transport=httpx.MockTransport(_ascript),
    ) as workers:
        resource = getattr(workers, group)
        with pytest.raises(ResponseTooLargeError):
            await resource.get("big-worker")
        size = 0
        async with resource.stream("big-worker") as response:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
    assert size == LINES * len(LINE)


@pytest.mark.parametrize("name", ["", "..", "%2e"])
def test_stream_refuses_bad_names_before_any_request(name: str) -> None:
    rec = Recorder(_script)
    with (
        WorkersClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as w,
        pytest.raises(InvalidInputError),
    ):
        w.scripts.stream(name)
    assert rec.requests == []
