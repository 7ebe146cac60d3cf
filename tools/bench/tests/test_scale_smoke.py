"""Smoke tests of the scale benchmark: tiny counts, no timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import scale_bench
import scale_runner
from scale_server import ScaleServer, bucket_page, key_page, queue_page


@pytest.fixture
def server() -> Iterator[ScaleServer]:
    srv = ScaleServer()
    srv.prerender(2500)
    for start in range(0, 2500, 1000):
        srv.cached(("r2", 2500, start, 1000), bucket_page)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def test_pages_follow_cursors_to_the_end() -> None:
    first = json.loads(key_page(2500, 0, 1000))
    last = json.loads(key_page(2500, 2000, 1000))
    assert first["result"][0] == {"name": "key-00000000", "metadata": {"n": 0, "tag": "bench"}}
    assert first["result"][1] == {"name": "key-00000001", "expiration": 1_900_000_001}
    assert first["result_info"] == {"count": 1000, "cursor": "1000"}
    assert last["result_info"] == {"count": 500, "cursor": ""}


@pytest.mark.parametrize("client", ["raw", "ours"])
@pytest.mark.parametrize("op", ["list", "write", "delete"])
def test_each_workload_handles_every_item(server: ScaleServer, client: str, op: str) -> None:
    base_url = f"http://127.0.0.1:{server.port}/client/v4"
    run = scale_runner.make_workload(client, base_url, op, [2500], concurrency=2)
    assert run(2500) == 2500
    kind = {"list": "list", "write": "write", "delete": "delete"}[op]
    assert server.counts[kind]["items"] == 2500
    assert server.counts[kind]["requests"] == (3 if op == "list" else 1)


@pytest.mark.parametrize("client", ["raw", "ours"])
@pytest.mark.parametrize(
    ("op", "kind", "requests"),
    [
        ("r2-list", "r2", 3),
        ("r2-objects-list", "r2-objects", 3),
        ("queues-list", "queues", 1),
        ("vectorize-insert", "vectorize", 1),
    ],
)
def test_each_other_workload_handles_every_item(
    server: ScaleServer, client: str, op: str, kind: str, requests: int
) -> None:
    base_url = f"http://127.0.0.1:{server.port}/client/v4"
    run = scale_runner.make_workload(client, base_url, op, [2500])
    assert run(2500) == 2500
    assert server.counts[kind] == {"requests": requests, "items": 2500}


def test_other_pages_hold_what_the_clients_read() -> None:
    page = json.loads(bucket_page(1500, 1000, 1000))
    assert [b["name"] for b in page["result"]["buckets"]][:1] == ["bucket-00001000"]
    assert page["result_info"]["cursor"] == "" and len(page["result"]["buckets"]) == 500
    queues = json.loads(queue_page(3))["result"]
    assert [q["queue_name"] for q in queues] == [
        "queue-00000000",
        "queue-00000001",
        "queue-00000002",
    ]


def test_tables_and_doc_render_every_figure(tmp_path: Path) -> None:
    config = scale_bench.ScaleConfig(goal_n=200_000, scale_ns=(10_000,))
    sample = scale_bench.Sample(wall=[1.0, 2.0, 3.0], cpu=[0.5, 0.6, 0.7], peak=[1.0, 2.0, 3.0])
    fast = scale_bench.Sample(wall=[0.5, 1.0, 1.5], cpu=[0.2, 0.3, 0.4], peak=[1.0, 1.0, 1.0])
    results = {
        label: {c: (fast if c == "raw" else sample) for c in clients}
        for label, _, _, _, clients in scale_bench.workloads(config, official=True)
    }
    startup = {
        "bare python": [10.0],
        "raw httpx": [100.0],
        "raw httpx + import attrs": [108.0],
        "ours": [120.0],
        "official": [300.0],
    }
    startup |= {f"{k} cpu": [v[0] / 2] for k, v in list(startup.items())}
    startup[scale_bench.PARTS] = [5.5]
    doc = tmp_path / "scale.md"
    doc.write_text("old\n\n## Analysis\n\nkept.\n")
    scale_bench.write_doc(results, startup, config, "cmd --x", doc)
    text = doc.read_text()
    assert "cmd --x" in text and text.endswith("## Analysis\n\nkept.\n")
    assert "| list 200,000 keys | 1.00 (0.50) | 2.00 (1.00) | 2.00 (1.00) | 2.00x | 2.00x |" in text
    assert "+20.0 ms" in text and "+10.0 ms" in text
    assert "| list 10,000 keys |" in text
    assert "ours +6.0 ms (min +6.0) above it | | attrs alone: +4.0 ms" in text
    # The floor: attrs' import (+4.0) and its class building (5.5).
    assert "| +9.5 ms (attrs classes 5.5 ms, min 5.5) | | ≤ +15 ms |" in text
    assert "| R2: list 100,000 buckets (1,000 per page) | 1.00 (0.50) | 2.00 (1.00) |" in text
    assert "| R2: list 100,000 objects of a bucket (1,000 per page) | 1.00 (0.50) |" in text
    assert "| Vectorize: insert 50,000 vectors" in text and "| Queues: list 10,000 queues" in text


def test_ratios_pair_the_rounds_not_the_medians() -> None:
    # Round by round ours is 1.5x, 0.67x, 2.1x raw (median 1.5x), while the medians alone
    # (2.0 and 2.0) would say 1.0x: a slow round must not be set against a fast one.
    raw = scale_bench.Sample(wall=[1.0, 3.0, 2.0], cpu=[1.0, 3.0, 2.0])
    ours = scale_bench.Sample(wall=[1.5, 2.0, 4.2], cpu=[1.5, 2.0, 4.2])
    assert scale_bench._ratio(ours, raw, "cpu") == "1.50x"  # pyright: ignore[reportPrivateUsage]
    unpaired = scale_bench.Sample(cpu=[2.0, 2.0])
    assert scale_bench._ratio(unpaired, raw, "cpu") == "1.00x"  # pyright: ignore[reportPrivateUsage]
    startup = {"ours": [130.0, 200.0, 150.0], "raw": [100.0, 110.0, 140.0]}
    over = scale_bench._paired_over(startup, "ours", "raw")  # pyright: ignore[reportPrivateUsage]
    assert over == 30.0


def test_cold_start_parts_names_the_attrs_classes_built(server: ScaleServer) -> None:
    # A fresh interpreter: in this one the classes are built already and nothing would count.
    base_url = f"http://127.0.0.1:{server.port}/client/v4"
    script = Path(scale_bench.BENCH_DIR) / "cold_start_parts.py"
    out = subprocess.run(
        [sys.executable, str(script), base_url], capture_output=True, text=True, check=True
    ).stdout
    parts = json.loads(out.strip().splitlines()[-1])
    assert "cloudflarefs.kv.management._generated.models.Key" in parts["attrs_classes"]
    assert "cloudflarefs.core.wire.ApiRequest" in parts["attrs_classes"]
    assert parts["attrs_classes_ms"] > 0 and parts["import_ms"] > parts["attrs_classes_ms"] / 2


def test_runner_repeats_and_reports_its_fastest_run(server: ScaleServer) -> None:
    base_url = f"http://127.0.0.1:{server.port}/client/v4"
    args = ["--client", "ours", "--op", "list", "-n", "2500", "--base-url", base_url]
    out = subprocess.run(
        [
            sys.executable,
            str(Path(scale_bench.BENCH_DIR) / "scale_runner.py"),
            *args,
            "--repeat",
            "3",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out)["items"] == 2500
    # Warm-up (2,000 keys: 2 pages) then three timed runs of 3 pages each.
    assert server.counts["list"]["requests"] == 2 + 3 * 3
