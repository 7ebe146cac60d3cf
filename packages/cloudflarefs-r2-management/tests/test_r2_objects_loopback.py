"""R2 object bodies over real HTTP: a loopback server that stores what it receives.

The server speaks HTTP/1.1 the way an origin does (``Content-Length`` or chunked request bodies,
a ``Content-Length`` response body), so the streamed upload and download paths are exercised
over a socket, not only through ``httpx.MockTransport``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.r2.management import R2Client
from cloudflarefs.r2.management.aio import R2Client as AsyncR2Client

PREFIX = "/client/v4/accounts/acc/r2/buckets/media/objects/"


class _Store(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    objects: dict[str, bytes]
    uploads: list[dict[str, str]]

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet

    def _key(self) -> str:
        assert self.path.startswith(PREFIX), self.path
        return self.path.removeprefix(PREFIX)  # the raw (still percent-encoded) key

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:
        key, body = self._key(), self._body()
        self.objects[key] = body
        self.uploads.append({k.lower(): v for k, v in self.headers.items()})
        result = {"key": key, "size": str(len(body)), "etag": "e"}
        envelope: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
        self._reply(200, json.dumps(envelope).encode(), "application/json")

    def do_GET(self) -> None:
        self._reply(200, self.objects[self._key()], "application/octet-stream")


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Store]]]:
    store = type("Store", (_Store,), {"objects": {}, "uploads": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), store)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/client/v4", store
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


DATA = bytes(range(256)) * 2048  # 512 KiB: many chunks each way


def test_a_file_goes_up_with_its_length_and_streams_back(
    server: tuple[str, type[_Store]], tmp_path: Path
) -> None:
    base_url, store = server
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    with R2Client(api_token="t", account_id="acc", base_url=base_url) as r2:
        with path.open("rb") as file:
            uploaded = r2.objects.upload("media", "dir/sub/data.bin", file)
        with r2.objects.stream("media", "dir/sub/data.bin") as response:
            headers = dict(response.headers)
            chunks = list(response.iter_bytes())
        whole = r2.objects.get("media", "dir/sub/data.bin")
    assert uploaded.size == str(len(DATA))
    assert store.objects["dir/sub/data.bin"] == DATA
    assert store.uploads[0]["content-length"] == str(len(DATA))
    assert len(chunks) > 1 and b"".join(chunks) == DATA == whole
    assert headers["content-type"] == "application/octet-stream"
    assert headers["content-length"] == str(len(DATA))


def test_an_iterator_goes_up_chunked(server: tuple[str, type[_Store]]) -> None:
    base_url, store = server
    pieces = [DATA[i : i + 10_000] for i in range(0, len(DATA), 10_000)]
    with R2Client(api_token="t", account_id="acc", base_url=base_url) as r2:
        r2.objects.upload("media", "a b/c?.bin", iter(pieces), content_type="application/x-test")
    assert store.objects["a%20b/c%3F.bin"] == DATA
    assert store.uploads[0]["transfer-encoding"] == "chunked"
    assert store.uploads[0]["content-type"] == "application/x-test"


async def test_async_iterable_up_and_stream_down(server: tuple[str, type[_Store]]) -> None:
    base_url, store = server

    async def pieces() -> AsyncIterator[bytes]:
        for i in range(0, len(DATA), 65_536):
            yield DATA[i : i + 65_536]

    async with AsyncR2Client(api_token="t", account_id="acc", base_url=base_url) as r2:
        await r2.objects.upload("media", "async/data.bin", pieces())
        async with r2.objects.stream("media", "async/data.bin") as response:
            received = b"".join([chunk async for chunk in response.aiter_bytes()])
    assert store.objects["async/data.bin"] == DATA == received


def test_secrets_never_reach_the_logs(
    server: tuple[str, type[_Store]], caplog: pytest.LogCaptureFixture
) -> None:
    base_url, _ = server
    caplog.set_level(logging.DEBUG)
    with R2Client(api_token="tok-secret-123", account_id="acc", base_url=base_url) as r2:
        r2.objects.upload("media", "k", b"payload-secret-456")
        r2.objects.get("media", "k")
    assert caplog.records  # the client did log its requests
    assert "tok-secret-123" not in caplog.text and "payload-secret-456" not in caplog.text
