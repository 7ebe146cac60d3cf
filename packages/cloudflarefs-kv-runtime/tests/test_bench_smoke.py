"""tools/bench/runtime_kv_overhead.py runs end to end with a tiny N (so it cannot rot)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from cloudflarefs.testing.harness import Harness

BENCH = Path(__file__).resolve().parents[3] / "tools" / "bench" / "runtime_kv_overhead.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("runtime_kv_overhead", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_with_tiny_n(cloudflarefs_harness: Harness) -> None:
    bench = load_bench()
    for binding in ("miniflare", "stub"):
        summary = bench.run(cloudflarefs_harness, n=3, rounds=2, binding=binding)
        assert set(summary) == {"get", "put"}
        for stats in summary.values():
            assert stats["raw_median_s"] > 0 and stats["wrapped_median_s"] > 0, stats
        table = bench.render(summary, 3, 2, binding)
        assert "| get |" in table and "| put |" in table and binding in table
