"""Bounded decompression and a maximum decoded size for buffered bodies (issue 8, item 4).

Before the fix, a 1 MB gzip body inflating to 1 GiB was decoded whole in memory. Every
request now asks for ``Accept-Encoding: gzip``, and a buffered body stops with
``ResponseTooLargeError`` as soon as its decoded size passes ``max_response_size``.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.core import (
    ApiRequest,
    ConfigurationError,
    NotFoundError,
    ResponseDecodeError,
    ResponseTooLargeError,
)
from cloudflarefs.core.http import HttpClient
from cloudflarefs.core.http._body import DEFAULT_MAX_RESPONSE_SIZE, PIECE_SIZE

MiB = 1024 * 1024
# One gzip member of 1 MiB of zeros is about 1 KiB; 1024 members (RFC 1952 allows a sequence)
# inflate to 1 GiB from about 1 MB on the wire.
MEMBER = gzip.compress(b"\0" * MiB, compresslevel=9)
BOMB = MEMBER * 1024
BOMB_DECODED = 1024 * MiB


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    conn.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def serve_gzip(
    body: bytes, status: int = 200, heads: list[bytes] | None = None
) -> Callable[[socket.socket], None]:
    def behaviour(conn: socket.socket) -> None:
        head = _read_head(conn)
        if heads is not None:
            heads.append(head)
        # OSError: the client stopped reading, as expected once the limit is passed.
        with contextlib.suppress(OSError):
            conn.sendall(
                b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (status, len(body), body)
            )

    return behaviour


async def test_a_gzip_bomb_stops_at_the_limit_with_bounded_memory(
    harness: Any, raw_server: Any
) -> None:
    server = raw_server(serve_gzip(BOMB))
    client = harness.client(base_url=server.base_url, max_response_size=MiB)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError) as caught:
            await harness.send(client, ApiRequest("GET", "/accounts/a/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.limit == MiB
    assert "max_response_size of 1048576 bytes" in str(caught.value)
    assert "GET /accounts/a/bomb" in str(caught.value)
    # Never more than the limit plus one inflate piece and the raw chunks in flight, far below
    # the 1 GiB the body inflates to.
    assert peak < 16 * MiB
    await harness.close(client)


async def test_the_default_limit_is_64_mib(harness: Any, raw_server: Any) -> None:
    server = raw_server(serve_gzip(BOMB))
    client = harness.client(base_url=server.base_url)
    assert client.settings.max_response_size == DEFAULT_MAX_RESPONSE_SIZE == 64 * MiB
    with pytest.raises(ResponseTooLargeError) as caught:
        await harness.send(client, ApiRequest("GET", "/bomb"))
    assert caught.value.limit == 64 * MiB
    await harness.close(client)


async def test_gzip_is_asked_for_and_decoded_under_the_limit(harness: Any, raw_server: Any) -> None:
    heads: list[bytes] = []
    payload = b'{"success":true,"errors":[],"messages":[],"result":{"v":"' + b"a" * 5000 + b'"}}'
    server = raw_server(serve_gzip(gzip.compress(payload), heads=heads))
    client = harness.client(base_url=server.base_url, max_response_size=len(payload))
    response = await harness.send(client, ApiRequest("GET", "/small"))
    assert response.content == payload
    assert b"\r\naccept-encoding: gzip\r\n" in heads[0].lower()
    await harness.close(client)


async def test_an_error_status_body_is_bounded_too(harness: Any, raw_server: Any) -> None:
    server = raw_server(serve_gzip(BOMB, status=404))
    client = harness.client(base_url=server.base_url, max_response_size=MiB)
    with pytest.raises(ResponseTooLargeError):
        await harness.send(client, ApiRequest("GET", "/bomb"))
    await harness.close(client)


async def test_a_streamed_bomb_arrives_in_bounded_pieces(harness: Any, raw_server: Any) -> None:
    server = raw_server(serve_gzip(BOMB))
    client = harness.client(base_url=server.base_url, max_response_size=MiB)
    sizes: list[int] = []
    request = ApiRequest("GET", "/bomb", response_kind="stream")
    # Streams have no size limit: the caller decides how much to take; each piece stays small.
    if harness.flavour == "sync":
        with client.stream(request) as response:
            for chunk in response.iter_bytes():
                sizes.append(len(chunk))
                if sum(sizes) >= 4 * MiB:
                    break
    else:
        async with client.stream(request) as response:
            async for chunk in response.aiter_bytes():
                sizes.append(len(chunk))
                if sum(sizes) >= 4 * MiB:
                    break
    assert sum(sizes) == 4 * MiB and max(sizes) <= PIECE_SIZE
    await harness.close(client)


async def _read_whole_stream(harness: Any, client: Any, request: ApiRequest) -> bytes:
    if harness.flavour == "sync":
        with client.stream(request) as response:
            return response.read()
    async with client.stream(request) as response:
        return await response.aread()


async def test_reading_a_whole_stream_obeys_the_limit(harness: Any, raw_server: Any) -> None:
    server = raw_server(serve_gzip(BOMB))
    client = harness.client(base_url=server.base_url, max_response_size=MiB)
    request = ApiRequest("GET", "/bomb", response_kind="stream")
    with pytest.raises(ResponseTooLargeError):
        await _read_whole_stream(harness, client, request)
    await harness.close(client)


async def test_a_streamed_error_status_body_is_bounded(harness: Any, raw_server: Any) -> None:
    body = (
        b'{"success":false,"errors":[{"code":10009,"message":"gone"}],"messages":[],"result":null}'
    )
    server = raw_server(serve_gzip(gzip.compress(body), status=404))
    client = harness.client(base_url=server.base_url)
    with pytest.raises(NotFoundError, match="gone"):
        await harness.stream(client, ApiRequest("GET", "/x", response_kind="stream"))
    await harness.close(client)


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("deflate", zlib.compress(b'{"success":true,"result":1}')),
        ("gzip", b"\x1f\x8bnot really gzip"),
        ("br", b"\x00"),
    ],
)
async def test_other_encodings(harness: Any, encoding: str, body: bytes) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": encoding}, stream=httpx.ByteStream(body)
        )

    client = harness.client(respond)
    if encoding == "deflate":
        response = await harness.send(client, ApiRequest("GET", "/x"))
        assert response.json() == {"success": True, "result": 1}
    else:
        with pytest.raises(ResponseDecodeError, match=r"(corrupt|unsupported)"):
            await harness.send(client, ApiRequest("GET", "/x"))
    await harness.close(client)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "64"])
def test_max_response_size_must_be_a_positive_int(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_size"):
        HttpClient(api_token="t", max_response_size=bad)
    with pytest.raises(ConfigurationError, match="max_response_size"):
        HttpClient(api_token="t").with_options(max_response_size=bad)


def test_with_options_changes_the_limit_and_keeps_the_rest() -> None:
    client = HttpClient(api_token="t", max_response_size=10)
    copy = client.with_options(max_response_size=20)
    assert (client.settings.max_response_size, copy.settings.max_response_size) == (10, 20)
    assert copy.with_options(timeout=3).settings.max_response_size == 20
