"""A request with ``Expect: 100-continue`` (curl sends it for bodies over 1 MiB) gets one answer.

The shim used to forward the header to the Node bridge, whose http server answered "100
Continue"; workerd relayed that interim reply as if it were the Worker's response (a 100 with a
chunked body), and curl failed with "Received HTTP/0.9 when not allowed".
"""

from __future__ import annotations

import hashlib
import http.client
from pathlib import Path
from urllib.parse import urlsplit

from cloudflarefs.testing.harness import Harness

ECHO = """
import hashlib
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        body = await request.bytes()
        expect = request.headers.get("expect") or "-"
        return Response(f"{len(body)} {hashlib.sha256(body).hexdigest()} {expect}")
"""


def _serve_echo(harness: Harness, tmp_path: Path) -> tuple[str, int]:
    (tmp_path / "entry.py").write_text(ECHO)
    url = urlsplit(harness.configure({}, fresh=True))
    harness.load_worker(tmp_path, "entry")
    assert url.hostname is not None and url.port is not None
    return url.hostname, url.port


def test_expect_100_continue_gets_the_workers_response(
    cloudflarefs_harness: Harness, tmp_path: Path
) -> None:
    host, port = _serve_echo(cloudflarefs_harness, tmp_path)
    body = bytes(range(256)) * 8192  # 2 MiB, like `curl --data-binary @bigfile`
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        # http.client skips interim 1xx replies; a malformed one makes getresponse() fail.
        conn.request("POST", "/upload", body=body, headers={"Expect": "100-continue"})
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    assert response.status == 200
    assert text == f"{len(body)} {hashlib.sha256(body).hexdigest()} -"
