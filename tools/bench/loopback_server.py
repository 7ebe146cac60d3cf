"""Loopback Cloudflare v4 API stand-in for the benchmarks (stdlib only).

Serves ``GET .../accounts/{id}/storage/kv/namespaces`` (under any prefix, e.g. ``/client/v4``)
with a small v4 envelope, HTTP/1.1 keep-alive and Nagle disabled: without
``disable_nagle_algorithm`` every keep-alive request after the first waits ~40 ms for a
delayed ACK. ``GET /__count`` returns how many list requests were served, so runners can check
that each client made exactly one request per call.

Run ``python tools/bench/loopback_server.py`` to serve on a free port; it prints the port.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

__all__ = ["LIST_BODY", "BenchServer"]

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
        elif path == "/__count":
            self._send(200, json.dumps({"list_requests": server.list_requests}).encode())
        else:
            self._send(404, b'{"success":false,"errors":[{"code":7003,"message":"No route"}]}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would dominate the measurement


class BenchServer(ThreadingHTTPServer):
    """The loopback server; ``list_requests`` counts served list calls."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.lock = threading.Lock()
        self.list_requests = 0

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])


def main() -> None:
    """Serve until killed, after printing the port on stdout."""
    server = BenchServer(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
