"""Smoke tests so the benchmark scripts cannot rot: tiny counts, no timing assertions."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import kv_list_runner
import management_bench
import pytest
from loopback_server import BenchServer

OFFICIAL_ENV = "CLOUDFLAREFS_BENCH_OFFICIAL"


@pytest.fixture
def base_url() -> Iterator[str]:
    server = BenchServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}/client/v4"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.load(resp)


def test_server_serves_the_envelope_and_counts(base_url: str) -> None:
    body = _get(f"{base_url}/accounts/a/storage/kv/namespaces?page=1")
    assert body["success"] is True
    assert body["result_info"] == {"page": 1, "per_page": 20, "count": 2, "total_count": 2}
    origin = base_url.removesuffix("/client/v4")
    assert _get(f"{origin}/__count") == {"list_requests": 1}
    with pytest.raises(urllib.error.HTTPError) as info:
        _get(f"{base_url}/accounts/a/workers/scripts")
    assert info.value.code == 404


def test_raw_floor_runs_sync_and_async(base_url: str) -> None:
    import asyncio

    assert kv_list_runner.run_sync("raw", base_url, 3, 1, "public") > 0
    assert asyncio.run(kv_list_runner.run_async("raw", base_url, 3, 1, "public")) > 0


@pytest.mark.parametrize("impl", ["public", "generated"])
def test_ours_runs_sync_and_async(base_url: str, impl: str) -> None:
    import asyncio

    assert kv_list_runner.run_sync("ours", base_url, 3, 1, impl) > 0
    assert asyncio.run(kv_list_runner.run_async("ours", base_url, 3, 1, impl)) > 0


def test_quick_run_of_ours_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    argv = ["--quick", "--skip-official", "--workspace", "--skip-size", "--no-docs"]
    assert management_bench.main([*argv, "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert set(figures["startup_ms"]) == {"bare python", "raw httpx", "ours"}
    assert set(figures["throughput_req_per_s"]) == {
        "raw-ours/sync",
        "ours/sync",
        "raw-ours/async",
        "ours/async",
    }


@pytest.mark.skipif(
    os.environ.get(OFFICIAL_ENV) != "1",
    reason=f"set {OFFICIAL_ENV}=1 to install cloudflare==5.9.0 into .bench/official-venv "
    "(needs PyPI) and smoke-test the official side",
)
def test_quick_run_against_official(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    # From built wheels, as a real run: the workspace venv holds every dev dependency.
    argv = ["--quick", "--no-docs", "--json", str(out)]
    assert management_bench.main(argv) == 0
    figures = json.loads(out.read_text())
    assert {"official/sync", "official/async"} <= set(figures["throughput_req_per_s"])
    assert figures["size_bytes"]["official"] > figures["size_bytes"]["ours"] > 0


def test_size_skips_caches_pip_and_setuptools(tmp_path: Path) -> None:
    for rel, size in {
        "pkg/a.py": 100,
        "pkg/__pycache__/a.pyc": 1000,
        "pip/x.py": 1000,
        "pip-24.0.dist-info/RECORD": 1000,
        "setuptools/y.py": 1000,
        "_virtualenv.py": 1000,
        "pkg-1.0.dist-info/METADATA": 10,
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * size)
    assert management_bench.site_packages_size(tmp_path) == 110


def test_table_and_doc_render_every_figure(tmp_path: Path) -> None:
    results = management_bench.Results(
        startup_ms={"bare python": 10.0, "ours": 50.0, "official": 280.0},
        throughput={
            f"{who}/{mode}": rate
            for mode in ("sync", "async")
            for who, rate in (
                ("raw-ours", 2000.0),
                ("ours", 1800.0),
                ("raw-official", 2000.0),
                ("official", 1100.0),
            )
        },
        size_bytes={"ours": 3_000_000, "official": 50_000_000},
    )
    assert results.overhead_pct("ours", "sync") == pytest.approx(11.1, abs=0.1)
    doc = tmp_path / "management.md"
    management_bench.write_doc(
        results, management_bench.BenchConfig(), "cmd --flag", {"cloudflare": "5.9.0"}, doc
    )
    text = doc.read_text()
    assert "cmd --flag" in text
    assert "| 0.179 |" in text  # startup ratio 50 / 280
    assert "11.1%" in text and "81.8%" in text
    assert "| 0.060 |" in text  # size ratio


def test_the_hand_written_analysis_survives_a_rewrite(tmp_path: Path) -> None:
    doc = tmp_path / "management.md"
    doc.write_text("# old\n\n| old table |\n\n## Analysis\n\nWhere the time goes.\n")
    results = management_bench.Results(startup_ms={"bare python": 10.0, "raw httpx": 90.0})
    config = management_bench.BenchConfig()
    management_bench.write_doc(results, config, "cmd", {"cloudflare": "5.9.0"}, doc)
    text = doc.read_text()
    assert "| old table |" not in text
    assert text.count("## Analysis") == 1
    assert text.endswith("## Analysis\n\nWhere the time goes.\n")
    assert "| (a) floor: raw httpx" in text
    management_bench.write_doc(results, config, "cmd", {"cloudflare": "5.9.0"}, doc)
    assert doc.read_text() == text


def test_the_runner_module_imports_nothing_costly() -> None:
    # Every fresh-process startup sample imports it; asyncio would add ~10 ms to every client.
    import subprocess
    import sys

    code = (
        f"import sys; sys.path.insert(0, {str(Path(kv_list_runner.__file__).parent)!r}); "
        "import kv_list_runner; print(sorted({'asyncio', 'argparse', 'httpx'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_keys_page_is_gzipped_only_when_asked(base_url: str) -> None:
    import gzip

    import httpx
    from loopback_server import KEYS_PAGE

    url = f"{base_url}/accounts/a/storage/kv/namespaces/n/keys"
    origin = base_url.removesuffix("/client/v4")
    with httpx.Client() as client:
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert len(plain.json()["result"]) == KEYS_PAGE
        packed = client.stream("GET", url, headers={"Accept-Encoding": "gzip"})
        with packed as response:
            raw = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == "gzip"
        assert gzip.decompress(raw) == plain.content and len(raw) < len(plain.content) // 5
        assert _get(f"{origin}/__bytes") == {"keys_bytes": len(plain.content) + len(raw)}


def test_compression_bench_quick_run(tmp_path: Path) -> None:
    import compression_bench

    out = tmp_path / "compression.json"
    assert compression_bench.main(["--quick", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    # Ours asks for gzip: far fewer bytes cross the wire from the gzip server.
    assert figures["gzip"]["ours bytes/call"] * 5 < figures["identity"]["ours bytes/call"]
    assert set(figures["gzip"]) == set(figures["identity"]) >= {"ours/sync", "raw/async"}
