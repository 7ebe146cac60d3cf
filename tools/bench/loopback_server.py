"""Loopback Cloudflare v4 API stand-in for the benchmarks (stdlib only).

Serves ``GET .../accounts/{id}/storage/kv/namespaces`` (under any prefix, e.g. ``/client/v4``)
with a small v4 envelope, HTTP/1.1 keep-alive and Nagle disabled: without
``disable_nagle_algorithm`` every keep-alive request after the first waits ~40 ms for a
delayed ACK. ``GET /__count`` returns how many list requests were served, so runners can check
that each client made exactly one request per call.

``GET .../storage/kv/namespaces/{id}/keys`` answers one page of 1,000 keys with metadata
(about 120 KB of JSON, the largest routine list page), gzip-compressed when the request accepts
gzip, as Cloudflare's API does, unless the server was started with ``--no-gzip``;
``GET /__bytes`` returns the body bytes sent for it so far (what crossed the wire).

Run ``python tools/bench/loopback_server.py [--no-gzip]`` to serve on a free port; it prints
the port.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

__all__ = ["KEYS_BODY", "KEYS_PAGE", "LIST_BODY", "BenchServer"]

LIST_BODY = json.dumps(
    {
        "success": True,
        "errors": [],
        "messages": [],
        "result": [
            {
                "id": "0f2ac74b498b48028cb68387c421e279",
                "title": "sessions",
                "supports_url_encoding": True,
            },
            {
                "id": "9a1f5b0c8e6d4f7a8b3c2d1e0f9a8b7c",
                "title": "feature-flags",
                "supports_url_encoding": True,
            },
        ],
        "result_info": {"page": 1, "per_page": 20, "count": 2, "total_count": 2},
    }
).encode()


KEYS_PAGE = 1000
KEYS_BODY = json.dumps(
    {
        "success": True,
        "errors": [],
        "messages": [],
        "result": [
            {
                "name": f"session:{i:06d}:user-{i * 7919 % 100000:05d}",
                "expiration": 1767225600 + i,
                "metadata": {"owner": f"user-{i % 97}", "tier": ["free", "pro"][i % 2]},
            }
            for i in range(KEYS_PAGE)
        ],
        "result_info": {"count": KEYS_PAGE, "cursor": ""},
    }
).encode()
KEYS_GZIP = gzip.compress(KEYS_BODY, compresslevel=6)  # once: the bench measures the client


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        server = cast("BenchServer", self.server)
        path = self.path.partition("?")[0]
        if path.endswith("/storage/kv/namespaces"):
            with server.lock:
                server.list_requests += 1
            self._send(200, LIST_BODY)
        elif path.endswith("/keys"):
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            compress = server.gzip and accepts
            body = KEYS_GZIP if compress else KEYS_BODY
            with server.lock:
                server.keys_bytes += len(body)
            self._send(200, body, {"Content-Encoding": "gzip"} if compress else {})
        elif path == "/__bytes":
            self._send(200, json.dumps({"keys_bytes": server.keys_bytes}).encode())
        elif path == "/__count":
            self._send(200, json.dumps({"list_requests": server.list_requests}).encode())
        else:
            self._send(404, b'{"success":false,"errors":[{"code":7003,"message":"No route"}]}')

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would dominate the measurement


class BenchServer(ThreadingHTTPServer):
    """The loopback server; ``list_requests`` counts served list calls."""

    daemon_threads = True

    def __init__(self, port: int = 0, *, use_gzip: bool = True) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.lock = threading.Lock()
        self.list_requests = 0
        self.gzip = use_gzip
        self.keys_bytes = 0

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])


def main() -> None:
    """Serve until killed, after printing the port on stdout."""
    args = [a for a in sys.argv[1:] if a != "--no-gzip"]
    server = BenchServer(int(args[0]) if args else 0, use_gzip="--no-gzip" not in sys.argv)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
