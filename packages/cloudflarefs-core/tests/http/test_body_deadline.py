"""``total_timeout`` bounds reading the body too, buffered and streamed (issue 8, item 3).

Before the fix, a server sending one byte every 0.25 s kept a call with a 1 s deadline busy
for as long as it liked: each byte reset the read timeout. These tests use a real clock and a
real loopback server that would trickle for 10 s; they assert on the error and on how much the
server managed to send, never on durations.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from cloudflarefs.core import ApiRequest, APITimeoutError, RetryPolicy
from cloudflarefs.core.http import AsyncHttpClient, HttpClient

BODY_BYTES = 40  # at one byte per 0.25 s: 10 s if nothing stops it
STEP = 0.25


class TricklingServer:
    """Answers 200 with a ``BODY_BYTES`` body, sent one byte every ``STEP`` seconds."""

    def __init__(self, chunked: bool) -> None:
        self.chunked = chunked
        self.sent = 0
        self.finished = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/client/v4"

    def _serve(self) -> None:
        conn, _ = self._listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            framing = (
                b"Transfer-Encoding: chunked"
                if self.chunked
                else b"Content-Length: %d" % BODY_BYTES
            )
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + framing + b"\r\n\r\n")
            try:
                for _ in range(BODY_BYTES):
                    time.sleep(STEP)
                    conn.sendall(b"1\r\nx\r\n" if self.chunked else b"x")
                    self.sent += 1
                if self.chunked:
                    conn.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the client gave up and closed the connection: what the tests want
        self.finished.set()

    def close(self) -> None:
        self._listener.close()
        self._thread.join(timeout=5)


@pytest.fixture(params=[False, True], ids=["content-length", "chunked"])
def trickling(request: pytest.FixtureRequest) -> Iterator[TricklingServer]:
    server = TricklingServer(chunked=request.param)
    yield server
    server.close()


DEADLINE = RetryPolicy(max_retries=0, total_timeout=1.0)


def test_sync_buffered_body_is_bounded_by_total_timeout(trickling: TricklingServer) -> None:
    with (
        HttpClient(api_token="t", base_url=trickling.base_url, retry=DEADLINE) as client,
        pytest.raises(APITimeoutError, match="total timeout of 1s"),
    ):
        client.send(ApiRequest("GET", "/slow", response_kind="text"))
    assert trickling.sent < BODY_BYTES


async def test_async_buffered_body_is_bounded_by_total_timeout(trickling: TricklingServer) -> None:
    async with AsyncHttpClient(
        api_token="t", base_url=trickling.base_url, retry=DEADLINE
    ) as client:
        with pytest.raises(APITimeoutError, match="total timeout of 1s"):
            await client.send(ApiRequest("GET", "/slow", response_kind="text"))
    assert trickling.sent < BODY_BYTES


def _stream_sync(client: HttpClient, received: list[int]) -> None:
    with client.stream(ApiRequest("GET", "/slow", response_kind="stream"), retry=DEADLINE) as r:
        for chunk in r.iter_bytes():
            received.append(len(chunk))


async def _stream_async(client: AsyncHttpClient, received: list[int]) -> None:
    request = ApiRequest("GET", "/slow", response_kind="stream")
    async with client.stream(request, retry=DEADLINE) as r:
        async for chunk in r.aiter_bytes():
            received.append(len(chunk))


def test_sync_streamed_body_is_bounded_by_total_timeout(trickling: TricklingServer) -> None:
    received: list[int] = []
    with (
        HttpClient(api_token="t", base_url=trickling.base_url) as client,
        pytest.raises(APITimeoutError, match="total timeout"),
    ):
        _stream_sync(client, received)
    assert 0 < sum(received) < BODY_BYTES
    assert trickling.sent < BODY_BYTES


async def test_async_streamed_body_is_bounded_by_total_timeout(trickling: TricklingServer) -> None:
    received: list[int] = []
    async with AsyncHttpClient(api_token="t", base_url=trickling.base_url) as client:
        with pytest.raises(APITimeoutError, match="total timeout"):
            await _stream_async(client, received)
    assert 0 < sum(received) < BODY_BYTES
    assert trickling.sent < BODY_BYTES


async def test_a_body_within_the_deadline_is_read_whole(harness: Any) -> None:
    # The fake clock never advances while reading: the deadline check passes every chunk.
    rec = harness.Recorder(harness.envelope({"ok": True}))
    client = harness.client(rec, retry=RetryPolicy(total_timeout=5.0))
    response = await harness.send(client, ApiRequest("GET", "/fast"))
    assert response.json()["result"] == {"ok": True}
    await harness.close(client)
