"""semantic-search and analytics-beacon deployed to the local API, whose bindings are TEST DOUBLES.

Workers AI and Vectorize have no local simulator and Miniflare's Analytics Engine dataset keeps
nothing, so the local API binds the harness's labelled doubles (``harness/doubles.mjs``): hashed
bag-of-words embeddings, an in-memory Vectorize index, a recording dataset behind a SQLite
stand-in of the SQL API. The tests prove deploy creates the resources and wires the bindings,
and that the Worker's writes are visible through the management API; not search quality.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from cloudflarefs.analytics_engine.management import AnalyticsEngineClient
from cloudflarefs.d1.management import D1Client
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.vectorize.management import VectorizeClient

from .conftest import SAMPLES, Cli

DOCUMENTS = [
    {
        "id": "kv",
        "title": "Workers KV",
        "text": "A key-value store for sessions.",
        "tag": "storage",
    },
    {
        "id": "r2",
        "title": "R2",
        "text": "Object storage for large files and backups.",
        "tag": "storage",
    },
    {
        "id": "queues",
        "title": "Queues",
        "text": "Background jobs processed in batches.",
        "tag": "messaging",
    },
]


def test_semantic_search_deploy_creates_its_index_and_database_and_answers(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("semantic-search")
    index = f"search-{uuid.uuid4().hex[:6]}"  # a fresh index for this test
    config, settings = path / "wrangler.toml", path / "pyproject.toml"
    config.write_text(
        config.read_text().replace('index_name = "semantic-search"', f'index_name = "{index}"')
    )
    settings.write_text(
        settings.read_text().replace("vectorize.semantic-search]", f"vectorize.{index}]")
    )
    status, plan = cli("deploy", str(path), "--dry-run")
    assert status == 0, plan
    assert (
        f"would create Vectorize index {index!r} for vectorize[0] (VECTORIZE): 384 dimensions, cosine"
        in plan
    )
    with VectorizeClient() as vz:
        assert index not in [i.name for i in vz.indexes.list()]  # a dry run changes nothing

    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert f"created Vectorize index {index!r} (384 dimensions, cosine)" in out
    with VectorizeClient() as vz:
        made = vz.indexes.get(index)
        assert made.config is not None and made.config.dimensions == 384  # pyright: ignore[reportAttributeAccessIssue]
    with D1Client() as d1:
        assert "documents" in [d.name for d in d1.databases.list().to_list()]

    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        added = worker.post("/documents", json={"documents": DOCUMENTS})
        assert added.status_code == 201, added.text
        assert added.json()["dimensions"] == 384
        found = worker.get("/search", params={"q": "large files", "k": 1}).json()["results"]
        assert [r["id"] for r in found] == ["r2"]
        tagged = worker.get("/search", params={"q": "jobs", "tag": "storage"}).json()["results"]
        assert {r["id"] for r in tagged} == {"kv", "r2"}
    with VectorizeClient() as vz:
        assert vz.indexes.info(index).vector_count == 3  # the Worker's upserts, seen over REST

    status, again = cli("deploy", str(path))
    assert status == 0, again
    assert "up to date" in again and "created" not in again


def test_analytics_beacon_deploys_and_report_reads_its_points_over_sql(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("analytics-beacon")
    status, out = cli("deploy", str(path))
    assert status == 0, out
    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        for beacon in (
            {"site": "deployed", "event": "pageview", "path": "/", "duration_ms": 100},
            {"site": "deployed", "event": "pageview", "path": "/", "duration_ms": 300},
            {"site": "deployed", "event": "click", "path": "/buy"},
        ):
            assert worker.post("/beacon", json=beacon).status_code == 204
        assert worker.post("/beacon", json={"site": "deployed"}).status_code == 400

    with AnalyticsEngineClient() as ae:
        rows = ae.sql.query(
            "SELECT blob1 AS event, SUM(_sample_interval) AS n FROM beacons "
            "WHERE index1 = 'deployed' GROUP BY event ORDER BY event"
        ).data
    assert rows == [{"event": "click", "n": "1"}, {"event": "pageview", "n": "2"}]

    # The sample's own report script, pointed at the local API (token and account from env).
    report = subprocess.run(
        [sys.executable, str(SAMPLES / "analytics-beacon" / "report.py"), "--site", "deployed",
         "--base-url", local_api.base_url],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert report.stdout.splitlines()[:2] == [
        "Page views, last 7 days, site deployed",
        "  /                               2     200.0 ms",
    ]
