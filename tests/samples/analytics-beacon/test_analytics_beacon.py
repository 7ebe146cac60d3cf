"""The analytics-beacon sample: the Worker writes data points, report.py reads them back.

1. The Worker runs under the harness. Miniflare's Analytics Engine dataset keeps nothing, so the
   test binds a recording JS Worker in its place (a labelled test double, the way the runtime
   package is tested): what it records is exactly what the dataset binding would receive.
2. ``report.py`` runs as a subprocess against a real HTTP server on the loopback interface that
   answers ``POST /accounts/{id}/analytics_engine/sql`` in the SQL API's documented
   ``FORMAT JSON`` shape (``meta``, ``data``, ``rows``, ``rows_before_limit_at_least``; 64-bit
   integers as JSON strings, as ClickHouse sends them). Its SQL evaluation is a test double
   too: it aggregates the points the Worker wrote, for the two queries the report sends.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "analytics-beacon"
TOKEN = "test-token-for-the-beacon-report"
ACCOUNT = "0123456789abcdef0123456789abcdef"

RECORDER = """
import { WorkerEntrypoint } from "cloudflare:workers";
const seen = [];
export default class extends WorkerEntrypoint {
  fetch() { return new Response("ok"); }
  writeDataPoint(p) { seen.push({ blobs: p.blobs ?? [], doubles: p.doubles ?? [], indexes: p.indexes ?? [] }); }
  recorded() { return seen; }
}
"""
WITH_RECORDER = {
    "services": {"BEACONS": "beacon-recorder"},
    "workers": {"beacon-recorder": RECORDER},
}

BEACONS = [
    ({"site": "shop", "event": "pageview", "path": "/", "duration_ms": 120}, "PT"),
    ({"site": "shop", "event": "pageview", "path": "/", "duration_ms": 80}, "DE"),
    ({"site": "shop", "event": "pageview", "path": "/pricing", "duration_ms": 300}, "PT"),
    ({"site": "shop", "event": "click", "path": "/pricing"}, "PT"),
    ({"site": "blog", "event": "pageview", "path": "/post/1", "duration_ms": 50}, "US"),
]


def recorded_points(worker: Any) -> list[dict[str, Any]]:
    async def recorded(env):
        from cloudflarefs.core.js import await_maybe, from_js

        return from_js(await await_maybe(env.BEACONS.recorded()), objects="all")

    return list(worker.run(recorded))


def send(worker: Any, beacon: object, country: str | None = None) -> Any:
    cf = {"country": country} if country else {}
    return worker.fetch(
        "/beacon", method="POST", body=json.dumps(beacon), cf=cf, raise_on_error=False
    )


@pytest.fixture
def written(worker: Any) -> list[dict[str, Any]]:
    worker.load(SAMPLE, bindings=WITH_RECORDER)
    for beacon, country in BEACONS:
        answer = send(worker, beacon, country)
        assert answer.status == 204, answer.text
    return recorded_points(worker)


def test_each_beacon_becomes_one_data_point(written: list[dict[str, Any]]) -> None:
    assert written[0] == {
        "blobs": ["pageview", "/", "PT"],
        "doubles": [1, 120],
        "indexes": ["shop"],
    }
    assert written[3] == {
        "blobs": ["click", "/pricing", "PT"],
        "doubles": [1, 0],
        "indexes": ["shop"],
    }
    assert written[4]["blobs"] == ["pageview", "/post/1", "US"]
    assert len(written) == len(BEACONS)


def test_bad_beacons_write_nothing(worker: Any) -> None:
    worker.load(SAMPLE, bindings=WITH_RECORDER)
    bad = [
        ({"event": "pageview", "path": "/"}, "site must be"),
        ({"site": "s", "event": "hover", "path": "/"}, "event must be one of"),
        ({"site": "s", "event": "click", "path": "no-slash"}, "path must start with /"),
        ({"site": "s", "event": "click", "path": "/", "duration_ms": -1}, "duration_ms must be"),
        ({"site": "s" * 97, "event": "click", "path": "/"}, "96"),  # the runtime package's limit
        ([1, 2], "JSON object"),
    ]
    for beacon, message in bad:
        answer = send(worker, beacon)
        assert answer.status == 400, (beacon, answer.text)
        assert message in answer.json()["error"], answer.text
    assert worker.fetch("/beacon", raise_on_error=False).status == 405
    assert recorded_points(worker) == []


class SqlApi(BaseHTTPRequestHandler):
    """The SQL API endpoint: checks the request, answers FORMAT JSON over ``points``."""

    points: list[dict[str, Any]] = []
    queries: list[str] = []
    fail_with: str | None = None

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        sql = self.rfile.read(length).decode()
        type(self).queries.append(sql)
        if self.path != f"/client/v4/accounts/{ACCOUNT}/analytics_engine/sql":
            return self.reply(404, b"no such route")
        if self.headers.get("authorization") != f"Bearer {TOKEN}":
            return self.reply(401, b"bad token")
        if self.fail_with is not None:
            return self.reply(422, self.fail_with.encode())
        self.reply(200, json.dumps(evaluate(sql, self.points)).encode())

    def reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", "application/json" if status == 200 else "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def evaluate(sql: str, points: list[dict[str, Any]]) -> dict[str, Any]:
    """The report's two queries over the recorded points (every _sample_interval is 1)."""
    assert sql.endswith(" FORMAT JSON"), sql
    assert "timestamp > NOW() - INTERVAL '7' DAY" in sql, sql
    site = re.search(r"index1 = '([^']*)'", sql)
    rows = [p for p in points if site is None or p["indexes"] == [site.group(1)]]
    if "GROUP BY path" in sql:
        groups: dict[str, list[float]] = defaultdict(list)
        for p in rows:
            if p["blobs"][0] == "pageview":
                groups[p["blobs"][1]].append(p["doubles"][1])
        data = [
            {"path": path, "views": str(len(d)), "mean_ms": sum(d) / len(d)}
            for path, d in groups.items()
        ]
        data.sort(key=lambda r: -int(r["views"]))
        meta = [("path", "String"), ("views", "UInt64"), ("mean_ms", "Float64")]
    elif "GROUP BY country" in sql:
        counts: dict[str, float] = defaultdict(float)
        for p in rows:
            counts[p["blobs"][2]] += p["doubles"][0]
        data = [{"country": c, "events": str(int(n))} for c, n in counts.items()]
        data.sort(key=lambda r: -int(r["events"]))
        meta = [("country", "String"), ("events", "UInt64")]
    else:
        raise AssertionError(f"unexpected query: {sql}")
    return {
        "meta": [{"name": n, "type": t} for n, t in meta],
        "data": data[:10],
        "rows": min(len(data), 10),
        "rows_before_limit_at_least": len(data),
    }


@pytest.fixture
def sql_api(written: list[dict[str, Any]]) -> Iterator[str]:
    SqlApi.points, SqlApi.queries, SqlApi.fail_with = written, [], None
    server = ThreadingHTTPServer(("127.0.0.1", 0), SqlApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/client/v4"
    finally:
        server.shutdown()
        server.server_close()


def run_report(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_ACCOUNT_ID": ACCOUNT}
    return subprocess.run(
        [sys.executable, str(SAMPLE / "report.py"), "--base-url", base_url, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_report_over_the_sql_api(sql_api: str) -> None:
    result = run_report(sql_api)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Page views, last 7 days\n"
        "  /                               2     100.0 ms\n"
        "  /pricing                        1     300.0 ms\n"
        "  /post/1                         1      50.0 ms\n"
        "Events by country\n"
        "  PT          3\n"
        "  DE          1\n"
        "  US          1\n"
    )
    assert len(SqlApi.queries) == 2
    assert all("_sample_interval" in q for q in SqlApi.queries)


def test_report_for_one_site(sql_api: str) -> None:
    result = run_report(sql_api, "--site", "blog")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Page views, last 7 days, site blog",
        "  /post/1                         1      50.0 ms",
    ]
    assert all("index1 = 'blog'" in q for q in SqlApi.queries)


def test_report_refuses_bad_input_and_reports_api_errors(sql_api: str) -> None:
    injected = run_report(sql_api, "--site", "x' OR '1'='1")
    assert injected.returncode == 2
    assert "--site may only hold" in injected.stderr
    assert SqlApi.queries == []  # refused before any request

    SqlApi.fail_with = "unable to parse query: unknown column blob9"
    failed = run_report(sql_api)
    assert failed.returncode == 1
    assert failed.stderr.startswith("report failed: ")
    assert "unknown column blob9" in failed.stderr
    assert TOKEN not in failed.stdout + failed.stderr
