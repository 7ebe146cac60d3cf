"""Loopback stand-in for the paged and bulk KV endpoints, fast enough for million-key runs.

Stdlib only. List pages are rendered once per namespace size and kept as bytes, so serving a
page is a dictionary lookup and one write; bulk bodies are read whole and their items counted.

- ``GET .../storage/kv/namespaces/n{N}/keys?cursor=C&limit=L``: the keys of a namespace holding
  ``N`` keys (``key-00000000`` ...; every other key has an ``expiration``, every fourth a
  ``metadata`` object), ``L`` (default 1000) per page; ``result_info.cursor`` is the next
  page's offset, empty on the last page.
- ``GET /accounts/n{N}/r2/buckets?cursor=C&per_page=L``: the R2 buckets of an account holding
  ``N`` buckets, cursor-paged like the keys (``result.buckets``, ``result_info.cursor``).
- ``GET /accounts/n{N}/r2/buckets/{bucket}/objects?cursor=C&per_page=L``: the objects of a
  bucket holding ``N`` objects (``result`` is the list; ``result_info.cursor`` as above).
- ``GET /accounts/n{N}/queues``: ``N`` queues (with a producer and a consumer each), one page.
- ``POST .../vectorize/v2/indexes/{name}/insert``: an ndjson insert; answers a ``mutationId``
  and counts the lines as items.
- ``PUT .../bulk``: a write; answers ``successful_key_count`` = the number of items.
- ``POST .../bulk/delete``: a delete; answers ``successful_key_count`` = the number of keys.
- ``GET /__count``: requests and items served per kind, so runners can check their work.

``python tools/bench/scale_server.py`` serves on a free port of 127.0.0.1 and prints it.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs

__all__ = ["ScaleServer", "bucket_page", "key_page", "object_page", "queue_page"]

PAGE_SIZE = 1000
R2_PAGE = 1000
"""The R2 page size the runners ask for (``per_page``)."""


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


def bucket_item(i: int) -> dict[str, Any]:
    """The ``i``-th R2 bucket of every account."""
    return {
        "name": f"bucket-{i:08d}",
        "creation_date": "2024-01-02T03:04:05.000Z",
        "location": "weur",
        "storage_class": "Standard",
    }


def object_item(i: int) -> dict[str, Any]:
    """The ``i``-th object of every R2 bucket (what the list returns: metadata only)."""
    return {
        "key": f"photos/{i:08d}.jpg",
        "etag": f"{i:032x}",
        "last_modified": "2024-01-02T03:04:05.678Z",
        "size": 1000 + i,
        "storage_class": "Standard",
        "http_metadata": {"contentType": "image/jpeg"},
        "custom_metadata": {},
    }


def queue_item(i: int) -> dict[str, Any]:
    """The ``i``-th queue of every account."""
    return {
        "queue_id": f"{i:032x}",
        "queue_name": f"queue-{i:08d}",
        "created_on": "2024-01-02T03:04:05.000Z",
        "modified_on": "2024-01-02T03:04:05.000Z",
        "producers_total_count": 1,
        "producers": [{"script": "producer", "type": "worker"}],
        "consumers_total_count": 1,
        "consumers": [{"script": "consumer", "type": "worker", "settings": {"batch_size": 10}}],
    }


def _cursor_page(result: Any, end: int, total: int, limit: int, **info: Any) -> bytes:
    body: dict[str, Any] = {
        "success": True,
        "errors": [],
        "messages": [],
        "result": result,
        "result_info": {"cursor": str(end) if end < total else "", "per_page": limit, **info},
    }
    return json.dumps(body, separators=(",", ":")).encode()


def bucket_page(total: int, start: int, limit: int) -> bytes:
    """The rendered envelope of buckets ``start`` to ``start + limit - 1`` of ``total``."""
    end = min(total, start + limit)
    buckets = [bucket_item(i) for i in range(start, end)]
    return _cursor_page({"buckets": buckets}, end, total, limit)


def object_page(total: int, start: int, limit: int) -> bytes:
    """The rendered envelope of objects ``start`` to ``start + limit - 1`` of ``total``."""
    end = min(total, start + limit)
    objects = [object_item(i) for i in range(start, end)]
    return _cursor_page(objects, end, total, limit, is_truncated=end < total)


def queue_page(total: int) -> bytes:
    """The rendered envelope of all ``total`` queues (the API lists them in one page)."""
    body: dict[str, Any] = {
        "success": True,
        "errors": [],
        "messages": [],
        "result": [queue_item(i) for i in range(total)],
        "result_info": {"count": total, "page": 1, "per_page": total, "total_count": total},
    }
    return json.dumps(body, separators=(",", ":")).encode()


def _account_size(path: str) -> int:
    """``N`` of ``/client/v4/accounts/n{N}/...``."""
    return int(path.split("/accounts/n", 1)[1].split("/", 1)[0])


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
        # R2 buckets and objects: cursor pages, one item counted per marker.
        r2: tuple[str, Callable[..., bytes], bytes, str] | None = None
        if path.endswith("/objects") and "/r2/buckets/" in path:
            r2 = ("r2-objects", object_page, b'"etag"', "1000")
        elif path.endswith("/r2/buckets"):
            r2 = ("r2", bucket_page, b'"storage_class"', "20")
        if r2 is not None:
            kind, render, marker, default_limit = r2
            params = parse_qs(query)
            start = int((params.get("cursor") or ["0"])[0] or 0)
            limit = int(float((params.get("per_page") or [default_limit])[0]))
            body = server.cached((kind, _account_size(path), start, limit), render)
            self._count(kind, body.count(marker))
            self._send(body)
            return
        if path.endswith("/queues"):
            body = server.cached(("queues", _account_size(path)), queue_page)
            self._count("queues", body.count(b'"queue_name"'))
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
        if self.path.partition("?")[0].endswith("/insert") and "/vectorize/" in self.path:
            self._count("vectorize", body.count(b"\n") + (not body.endswith(b"\n")))
            self._send(b'{"success":true,"errors":[],"messages":[],"result":{"mutationId":"m-1"}}')
        elif self.path.partition("?")[0].endswith("/bulk/delete"):
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
        self._other: dict[tuple[Any, ...], bytes] = {}

    def page(self, total: int, start: int, limit: int) -> bytes:
        """The cached rendered page."""
        key = (total, start, limit)
        body = self._pages.get(key)
        if body is None:
            body = self._pages[key] = key_page(total, start, limit)
        return body

    def cached(self, key: tuple[Any, ...], render: Callable[..., bytes]) -> bytes:
        """``render(*key[1:])``, rendered once per key."""
        body = self._other.get(key)
        if body is None:
            body = self._other[key] = render(*key[1:])
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
    """Serve until killed: prerender the sizes given as arguments (``N`` for KV keys,
    ``r2:N``, ``r2-objects:N`` and ``queues:N`` for the other listings), then print the port."""
    server = ScaleServer()
    for arg in sys.argv[1:]:
        kind, _, total = arg.rpartition(":")
        if kind in ("r2", "r2-objects"):
            render = bucket_page if kind == "r2" else object_page
            for start in range(0, int(total), R2_PAGE):
                server.cached((kind, int(total), start, R2_PAGE), render)
        elif kind == "queues":
            server.cached(("queues", int(total)), queue_page)
        else:
            server.prerender(int(total))
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
