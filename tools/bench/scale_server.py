"""Loopback stand-in for the paged and bulk KV endpoints, fast enough for million-key runs.

Stdlib only. List pages are rendered once per namespace size and kept as bytes, so serving a
page is a dictionary lookup and one write; bulk bodies are read whole and their items counted.

- ``GET .../storage/kv/namespaces/n{N}/keys?cursor=C&limit=L``: the keys of a namespace holding
  ``N`` keys (``key-00000000`` ...; every other key has an ``expiration``, every fourth a
  ``metadata`` object), ``L`` (default 1000) per page; ``result_info.cursor`` is the next
  page's offset, empty on the last page.
- ``PUT .../bulk``: a write; answers ``successful_key_count`` = the number of items.
- ``POST .../bulk/delete``: a delete; answers ``successful_key_count`` = the number of keys.
- ``GET /__count``: requests and items served per kind, so runners can check their work.

``python tools/bench/scale_server.py`` serves on a free port of 127.0.0.1 and prints it.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs

__all__ = ["ScaleServer", "key_page"]

PAGE_SIZE = 1000


def key_item(i: int) -> dict[str, Any]:
    """The ``i``-th key of every namespace."""
    item: dict[str, Any] = {"name": f"key-{i:08d}"}
    if i % 2:
        item["expiration"] = 1_900_000_000 + i
    if i % 4 == 0:
        item["metadata"] = {"n": i, "tag": "bench"}
    return item


def key_page(total: int, start: int, limit: int) -> bytes:
    """The rendered envelope of keys ``start`` to ``start + limit - 1`` of ``total``."""
    end = min(total, start + limit)
    cursor = str(end) if end < total else ""
    body = {
        "success": True,
        "errors": [],
        "messages": [],
        "result": [key_item(i) for i in range(start, end)],
        "result_info": {"count": end - start, "cursor": cursor},
    }
    return json.dumps(body, separators=(",", ":")).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        server = cast("ScaleServer", self.server)
        path, _, query = self.path.partition("?")
        if path == "/__count":
            with server.lock:
                self._send(json.dumps(server.counts).encode())
            return
        if path.endswith("/keys") and "/namespaces/n" in path:
            total = int(path.rsplit("/", 2)[-2][1:])
            params = parse_qs(query)
            start = int((params.get("cursor") or ["0"])[0] or 0)
            limit = int(float((params.get("limit") or [str(PAGE_SIZE)])[0]))
            body = server.page(total, start, limit)
            self._count("list", body.count(b'"name"'))
            self._send(body)
            return
        self._send(b'{"success":false,"errors":[{"code":7003,"message":"No route"}]}', 404)

    def do_PUT(self) -> None:
        body = self._read()
        if self.path.partition("?")[0].endswith("/bulk"):
            self._bulk("write", body.count(b'"key"'))
        else:
            self._send(b'{"success":false,"errors":[{"code":7003,"message":"No route"}]}', 404)

    def do_POST(self) -> None:
        body = self._read()
        if self.path.partition("?")[0].endswith("/bulk/delete"):
            self._bulk("delete", len(json.loads(body)))
        else:
            self._send(b'{"success":false,"errors":[{"code":7003,"message":"No route"}]}', 404)

    def _read(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _bulk(self, kind: str, items: int) -> None:
        self._count(kind, items)
        result: dict[str, object] = {"successful_key_count": items, "unsuccessful_keys": []}
        self._send(
            json.dumps({"success": True, "errors": [], "messages": [], "result": result}).encode()
        )

    def _count(self, kind: str, items: int) -> None:
        server = cast("ScaleServer", self.server)
        with server.lock:
            counts = server.counts.setdefault(kind, {"requests": 0, "items": 0})
            counts["requests"] += 1
            counts["items"] += items

    def _send(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class ScaleServer(ThreadingHTTPServer):
    """The server; pages are rendered on first request and cached per (total, start, limit)."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.lock = threading.Lock()
        self.counts: dict[str, dict[str, int]] = {}
        self._pages: dict[tuple[int, int, int], bytes] = {}

    def page(self, total: int, start: int, limit: int) -> bytes:
        """The cached rendered page."""
        key = (total, start, limit)
        body = self._pages.get(key)
        if body is None:
            body = self._pages[key] = key_page(total, start, limit)
        return body

    def prerender(self, total: int, limit: int = PAGE_SIZE) -> None:
        """Render every page of a ``total``-key namespace now (before anything is timed)."""
        for start in range(0, total, limit):
            self.page(total, start, limit)

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])


def main() -> None:
    """Serve until killed: prerender the sizes given as arguments, then print the port."""
    server = ScaleServer()
    for total in sys.argv[1:]:
        server.prerender(int(total))
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
