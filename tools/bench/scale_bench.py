"""Scale benchmark: listing, bulk writes/deletes and cold start, ours vs official vs raw httpx.

    uv run python tools/bench/scale_bench.py             # full run, writes docs/benchmarks/scale.md
    uv run python tools/bench/scale_bench.py --quick --skip-official --workspace --no-docs
    uv run python tools/bench/scale_bench.py --startup-only --startup-runs 15   # cold start only

One command measures, over one loopback server (``scale_server.py``, pages pre-rendered):

- the goals of issue 11 at 200,000 items: list keys (200 cursor pages), ``bulk_write`` pairs
  (20 requests), ``bulk_delete`` keys, and ``bulk_write`` with ``max_concurrency=4``;
- cold start: a fresh process that imports, constructs and lists once, against the httpx
  floor (import httpx, ``httpx.Client()``, one GET) in the same venv;
- scale: list and write at 10k, 100k and 1M items;
- the other paged and bulk operations: R2 bucket listing (cursor pages), Queues listing (one
  page), Vectorize inserts (ndjson, 5,000 vectors per request).

Every measurement runs in a fresh process (``scale_runner.py``) and the clients are
interleaved run by run. Tables show the median (and min) of wall time, of the client's CPU
time and of the peak RSS growth during the workload.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import management_bench

__all__ = ["ScaleConfig", "main"]

ROOT = management_bench.ROOT
BENCH_DIR = management_bench.BENCH_DIR
DOC_PATH = ROOT / "docs" / "benchmarks" / "scale.md"
GOAL_N = 200_000
LIST_RATIO = 2.0
BULK_RATIO = 1.5
COLD_START_MS = 15.0


@dataclass(frozen=True)
class ScaleConfig:
    """What to run and how often."""

    goal_n: int = GOAL_N
    scale_ns: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    reps: int = 5
    big_reps: int = 3
    startup_runs: int = 11
    other_ns: tuple[tuple[str, int], ...] = (
        ("r2-list", 100_000),
        ("r2-objects-list", 100_000),
        ("queues-list", 10_000),
        ("vectorize-insert", 50_000),
    )
    official: bool = True
    workspace: bool = False


@dataclass
class Sample:
    """Medians and minimums of one (client, workload)."""

    wall: list[float] = field(default_factory=list[float])
    cpu: list[float] = field(default_factory=list[float])
    peak: list[float] = field(default_factory=list[float])

    def med(self, what: str) -> float:
        """The median of ``wall``, ``cpu`` or ``peak``."""
        return statistics.median(getattr(self, what))

    def min(self, what: str) -> float:
        """The minimum of ``wall``, ``cpu`` or ``peak``."""
        return min(getattr(self, what))


Results = dict[str, dict[str, Sample]]
"""workload label -> client -> samples."""


@contextmanager
def scale_server(prerender: list[str]) -> Generator[str]:
    """Start ``scale_server.py`` (pages of these sizes pre-rendered); yield the base URL."""
    proc = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "scale_server.py"), *prerender],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}/client/v4"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _run_one(
    python: Path, client: str, op: str, n: int, base_url: str, conc: int
) -> dict[str, float]:
    cmd = [str(python), str(BENCH_DIR / "scale_runner.py"), "--client", client, "--op", op]
    cmd += ["-n", str(n), "--base-url", base_url, "--concurrency", str(conc)]
    # Below a million items each process times the workload three times and reports its
    # fastest run, so a burst on the shared machine does not decide a cell.
    cmd += ["--repeat", str(3 if n < 1_000_000 else 1)]
    out = management_bench._run(cmd)  # pyright: ignore[reportPrivateUsage]
    return json.loads(out.stdout.strip().splitlines()[-1])


def workloads(config: ScaleConfig, official: bool) -> list[tuple[str, str, int, int, list[str]]]:
    """``(label, op, n, concurrency, clients)`` for every measurement."""
    clients = ["raw", "ours", *(["official"] if official else [])]
    n = config.goal_n
    rows = [
        (f"list {n:,} keys", "list", n, 1, clients),
        (f"bulk_write {n:,} pairs", "write", n, 1, clients),
        (f"bulk_delete {n:,} keys", "delete", n, 1, clients),
        (f"bulk_write {n:,} pairs, max_concurrency=4", "write", n, 4, ["ours"]),
    ]
    for size in config.scale_ns:
        rows.append((f"scale: list {size:,} keys", "list", size, 1, clients))
        rows.append((f"scale: bulk_write {size:,} pairs", "write", size, 1, clients))
    for op, size in config.other_ns:
        rows.append((f"other: {OTHER_LABELS[op].format(n=size)}", op, size, 1, clients))
    return rows


OTHER_PACKAGES = (
    "packages/cloudflarefs-r2-management",
    "packages/cloudflarefs-queues-management",
    "packages/cloudflarefs-vectorize-management",
)
"""Installed beside core and KV for the other paged and bulk operations."""

OTHER_LABELS = {
    "r2-list": "R2: list {n:,} buckets (1,000 per page)",
    "r2-objects-list": "R2: list {n:,} objects of a bucket (1,000 per page)",
    "queues-list": "Queues: list {n:,} queues (one page)",
    "vectorize-insert": "Vectorize: insert {n:,} vectors of 32 dims (ndjson, 5,000 per request)",
}


def measure(pythons: dict[str, Path], base_url: str, config: ScaleConfig) -> Results:
    """Every workload, clients interleaved within each repetition."""
    results: Results = {}
    for label, op, n, conc, clients in workloads(config, "official" in pythons):
        reps = config.big_reps if n >= 1_000_000 else config.reps
        per = results.setdefault(label, {c: Sample() for c in clients})
        for _ in range(reps):
            for client in clients:
                python = pythons["official" if client == "official" else "ours"]
                figures = _run_one(python, client, op, n, base_url, conc)
                per[client].wall.append(figures["seconds"])
                per[client].cpu.append(figures["cpu"])
                per[client].peak.append(figures["peak_mib"])
        print(f"  {label}: " + ", ".join(f"{c} {s.med('wall'):.2f}s" for c, s in per.items()))
    return results


def _startup_code(client: str, base_url: str) -> str:
    url = f"{base_url}/accounts/023e105f4ecef8ad9ca31a8372d0c353/storage/kv/namespaces/n10/keys"
    if client in ("raw", "raw+attrs"):
        # ``raw+attrs``: the floor plus importing attrs, which any client whose models are
        # attrs classes pays (ours: the first list returns ``Key`` objects).
        imports = "httpx, attrs" if client == "raw+attrs" else "httpx"
        return (
            f"import {imports}; c = httpx.Client(); "
            f"assert len(c.get({url!r}).json()['result']) == 10"
        )
    if client == "official":
        return (
            "import cloudflare; cf = cloudflare.Cloudflare(api_token='t', "
            f"base_url={base_url!r}); "
            "page = cf.kv.namespaces.keys.list('n10', account_id='023e105f4ecef8ad9ca31a8372d0c353'); "
            "assert len(page.result) == 10"
        )
    return (
        "from cloudflarefs.kv.management import KVClient; "
        f"kv = KVClient(api_token='t', account_id='023e105f4ecef8ad9ca31a8372d0c353', base_url={base_url!r}); "
        "assert len(kv.keys.list('n10').first_page().items) == 10"
    )


def measure_startup(pythons: dict[str, Path], base_url: str, runs: int) -> dict[str, list[float]]:
    """Wall ms of fresh processes (import, construct, one list), interleaved; first round warms."""
    codes = {"bare python": (pythons["ours"], "pass")}
    codes["raw httpx"] = (pythons["ours"], _startup_code("raw", base_url))
    codes["raw httpx + import attrs"] = (pythons["ours"], _startup_code("raw+attrs", base_url))
    codes["ours"] = (pythons["ours"], _startup_code("ours", base_url))
    if "official" in pythons:
        codes["official"] = (pythons["official"], _startup_code("official", base_url))
    samples: dict[str, list[float]] = {label: [] for label in codes}
    for label in codes:
        samples[f"{label} cpu"] = []
    samples[PARTS] = []
    parts = [str(pythons["ours"]), str(BENCH_DIR / "cold_start_parts.py"), base_url]
    for run in range(runs + 1):
        for label, (python, code) in codes.items():
            before = _children_cpu()
            start = time.perf_counter()
            management_bench._run([str(python), "-c", code])  # pyright: ignore[reportPrivateUsage]
            if run:
                samples[label].append((time.perf_counter() - start) * 1000)
                samples[f"{label} cpu"].append((_children_cpu() - before) * 1000)
        # Apart from the timed processes: its timer wraps attrs, so only its own figure counts.
        out = management_bench._run(parts).stdout  # pyright: ignore[reportPrivateUsage]
        if run:
            samples[PARTS].append(json.loads(out.strip().splitlines()[-1])["attrs_classes_ms"])
    return samples


PARTS = "ours: building its attrs classes"
"""CPU ms attrs spends building the classes one typed list uses (``cold_start_parts.py``)."""


def _children_cpu() -> float:
    """User + system CPU seconds of finished child processes (the startup samples)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cell(sample: Sample | None, what: str, unit: str = "s") -> str:
    if sample is None:
        return ""
    if what == "peak":
        return f"{sample.med('peak'):.1f} MiB"
    return f"{sample.med(what):.2f} ({sample.min(what):.2f})"


def _ratio(a: Sample | None, b: Sample | None, what: str) -> str:
    """``a ÷ b``: the median of the rounds' ratios (each round runs the clients back to back,
    so a ratio holds while the machine's speed drifts); the ratio of medians when the samples
    are not paired round by round."""
    if a is None or b is None or not b.med(what):
        return ""
    xs: list[float] = getattr(a, what)
    ys: list[float] = getattr(b, what)
    if len(xs) == len(ys) and all(ys):
        return f"{statistics.median(x / y for x, y in zip(xs, ys, strict=True)):.2f}x"
    return f"{a.med(what) / b.med(what):.2f}x"


def _paired_over(startup: dict[str, list[float]], a: str, b: str) -> float:
    """How far ``a`` is above ``b``: the median of the rounds' differences (interleaved runs)."""
    return statistics.median(x - y for x, y in zip(startup[a], startup[b], strict=True))


def goal_table(results: Results, startup: dict[str, list[float]], config: ScaleConfig) -> list[str]:
    """The goals of issue 11, measured: ratios to raw httpx by wall and by client CPU."""
    n = config.goal_n
    lines = [
        "| workload | raw httpx: wall s (min) | ours: wall s (min) | official: wall s (min) "
        "| ours ÷ raw, wall | ours ÷ raw, CPU | target | ours peak RSS growth | raw peak |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    targets = {
        f"list {n:,} keys": f"≤ {LIST_RATIO}x",
        f"bulk_write {n:,} pairs": f"≤ {BULK_RATIO}x",
        f"bulk_delete {n:,} keys": f"≤ {BULK_RATIO}x",
        f"bulk_write {n:,} pairs, max_concurrency=4": "(vs sequential raw)",
    }
    for label, target in targets.items():
        per = results.get(label)
        if per is None:
            continue
        raw = per.get("raw") or results[f"bulk_write {n:,} pairs"].get("raw")
        ours = per.get("ours")
        lines.append(
            f"| {label} | {_cell(raw, 'wall')} | {_cell(ours, 'wall')} | {_cell(per.get('official'), 'wall')} "
            f"| {_ratio(ours, raw, 'wall')} | {_ratio(ours, raw, 'cpu')} | {target} "
            f"| {_cell(ours, 'peak')} | {_cell(raw, 'peak')} |"
        )
    if startup:
        med = {k: statistics.median(v) for k, v in startup.items()}
        low = {k: min(v) for k, v in startup.items()}
        over = _paired_over(startup, "ours", "raw httpx")
        lines.append(
            f"| cold start: import, construct, one list (ms) | {med['raw httpx']:.1f} ({low['raw httpx']:.1f}) "
            f"| {med['ours']:.1f} ({low['ours']:.1f}) "
            f"| {_fmt_ms(med.get('official'), low.get('official'))} "
            f"| +{over:.1f} ms (min +{low['ours'] - low['raw httpx']:.1f}) | | ≤ +{COLD_START_MS:.0f} ms | | |"
        )
        if "ours cpu" in med:
            cpu_over = _paired_over(startup, "ours cpu", "raw httpx cpu")
            lines.append(
                f"| cold start, CPU time of the process (ms) | {med['raw httpx cpu']:.1f} ({low['raw httpx cpu']:.1f}) "
                f"| {med['ours cpu']:.1f} ({low['ours cpu']:.1f}) "
                f"| {_fmt_ms(med.get('official cpu'), low.get('official cpu'))} "
                f"| +{cpu_over:.1f} ms (min +{low['ours cpu'] - low['raw httpx cpu']:.1f}) | | ≤ +{COLD_START_MS:.0f} ms | | |"
            )
        attrs_floor = "raw httpx + import attrs"
        if f"{attrs_floor} cpu" in med:
            lines.append(
                f"| cold start floor with `import attrs` added, CPU (ms) "
                f"| {med[f'{attrs_floor} cpu']:.1f} ({low[f'{attrs_floor} cpu']:.1f}) "
                f"| | | ours +{_paired_over(startup, 'ours cpu', f'{attrs_floor} cpu'):.1f} ms "
                f"(min +{low['ours cpu'] - low[f'{attrs_floor} cpu']:.1f}) above it "
                f"| | attrs alone: +{_paired_over(startup, f'{attrs_floor} cpu', 'raw httpx cpu'):.1f} ms | | |"
            )
        if f"{attrs_floor} cpu" in med and PARTS in med:
            floor = _paired_over(startup, f"{attrs_floor} cpu", "raw httpx cpu") + med[PARTS]
            lines.append(
                f"| floor of a client with attrs result types: `import attrs` + building the "
                f"attrs classes one typed list uses (ms, CPU) | | | | +{floor:.1f} ms "
                f"(attrs classes {med[PARTS]:.1f} ms, min {low[PARTS]:.1f}) | | ≤ +{COLD_START_MS:.0f} ms | | |"
            )
        lines.append(
            f"| bare `python -c pass` (ms; CPU) | {med['bare python']:.1f}; "
            f"{med.get('bare python cpu', float('nan')):.1f} | | | | | | | |"
        )
    return lines


def _fmt_ms(med: float | None, low: float | None) -> str:
    return "" if med is None or low is None else f"{med:.1f} ({low:.1f})"


def other_table(results: Results) -> list[str]:
    """The other paged and bulk operations: time, ratios to raw httpx, peak memory."""
    lines = [
        "| workload | raw httpx: wall s (min) | ours: wall s (min) | official: wall s (min) "
        "| ours ÷ raw, wall | ours ÷ raw, CPU | official ÷ raw, CPU | ours peak | raw peak "
        "| official peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, per in results.items():
        if not label.startswith("other: "):
            continue
        raw, ours, off = per.get("raw"), per.get("ours"), per.get("official")
        lines.append(
            f"| {label.removeprefix('other: ')} | {_cell(raw, 'wall')} | {_cell(ours, 'wall')} "
            f"| {_cell(off, 'wall')} | {_ratio(ours, raw, 'wall')} | {_ratio(ours, raw, 'cpu')} "
            f"| {_ratio(off, raw, 'cpu')} | {_cell(ours, 'peak')} | {_cell(raw, 'peak')} "
            f"| {_cell(off, 'peak')} |"
        )
    return lines


def scale_table(results: Results, config: ScaleConfig) -> list[str]:
    """Time and peak memory against the amount of work."""
    lines = [
        "| workload | raw httpx: wall s | ours: wall s | official: wall s | ours CPU s | raw CPU s "
        "| ours peak | raw peak | official peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, per in results.items():
        if not label.startswith("scale: "):
            continue
        raw, ours, off = per.get("raw"), per.get("ours"), per.get("official")
        lines.append(
            f"| {label.removeprefix('scale: ')} | {_cell(raw, 'wall')} | {_cell(ours, 'wall')} "
            f"| {_cell(off, 'wall')} | {_cell(ours, 'cpu')} | {_cell(raw, 'cpu')} "
            f"| {_cell(ours, 'peak')} | {_cell(raw, 'peak')} | {_cell(off, 'peak')} |"
        )
    return lines


ANALYSIS_HEADING = management_bench.ANALYSIS_HEADING


def write_doc(
    results: Results,
    startup: dict[str, list[float]],
    config: ScaleConfig,
    command: str,
    path: Path = DOC_PATH,
) -> None:
    """Write ``docs/benchmarks/scale.md``, keeping its hand-written analysis section."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    body = [
        "# Speed at scale",
        "",
        f"Measured {now} on {os.cpu_count()} CPUs (shared with other jobs), "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}; "
        "official SDK: `cloudflare==5.9.0` in its own venv.",
        "",
        "```",
        command,
        "```",
        "",
        "## Goals (issue 11)",
        "",
        "Median of "
        f"{config.reps} fresh processes per cell, clients interleaved (minimum in brackets); "
        "below a million items each process times its workload three times and reports its "
        "fastest run; "
        "a ratio (or a cold-start difference) is the median of the rounds' ratios (differences), "
        "each round running the clients back to back, so it holds while the machine's speed "
        "drifts. "
        "Wall time includes the loopback server, which shares the 2 CPUs; CPU is the client "
        "process's own CPU time, the steadier figure on a loaded machine. Peak RSS growth is how "
        "far the process's peak rose during the workload (its input was built before).",
        "",
        *goal_table(results, startup, config),
        "",
        "## Scale",
        "",
        f"Same method; runs of 1M items are the median of {config.big_reps}.",
        "",
        *scale_table(results, config),
        "",
        "## Other paged and bulk operations",
        "",
        f"Same method, median of {config.reps}. Each client does what its user would: raw "
        "httpx follows cursors and posts ndjson it built; the official SDK's "
        "`r2.buckets.list` returns one page without its cursor, so its runner reads the cursor "
        "from `with_raw_response`; ours iterates the pager and passes dicts to "
        "`indexes.insert`, which validates and batches them.",
        "",
        *other_table(results),
        "",
        *management_bench._kept_analysis(path),  # pyright: ignore[reportPrivateUsage]
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reps", type=int, default=ScaleConfig.reps)
    parser.add_argument("--big-reps", type=int, default=ScaleConfig.big_reps)
    parser.add_argument("--startup-runs", type=int, default=ScaleConfig.startup_runs)
    parser.add_argument("--skip-official", action="store_true")
    parser.add_argument("--workspace", action="store_true", help="use this interpreter, not wheels")
    parser.add_argument("--quick", action="store_true", help="tiny counts (smoke test)")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="only the cold-start rows, printed (the page is not rewritten)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    args = parser.parse_args(argv)
    config = ScaleConfig(
        goal_n=3000 if args.quick else GOAL_N,
        scale_ns=(3000,) if args.quick else ScaleConfig.scale_ns,
        other_ns=tuple((op, 3000) for op, _ in ScaleConfig.other_ns)
        if args.quick
        else ScaleConfig.other_ns,
        reps=1 if args.quick else args.reps,
        big_reps=1 if args.quick else args.big_reps,
        startup_runs=1 if args.quick else args.startup_runs,
        official=not args.skip_official,
        workspace=args.workspace,
    )
    management_bench.STATE_DIR.mkdir(exist_ok=True)
    pythons = {
        "ours": Path(sys.executable)
        if config.workspace
        else management_bench.build_ours_venv((*management_bench.OURS_PACKAGES, *OTHER_PACKAGES))
    }
    if config.official:
        pythons["official"] = management_bench.ensure_official_venv()
    sizes: list[str] = [str(n) for n in sorted({10, 2000, config.goal_n, *config.scale_ns})]
    for op, n in config.other_ns:
        if op != "vectorize-insert":
            kind = op.removesuffix("-list")
            sizes += [f"{kind}:2000", f"{kind}:{n}"]
    if args.startup_only:
        with scale_server(["10"]) as base_url:
            startup = measure_startup(pythons, base_url, config.startup_runs)
        print("\n".join(goal_table({}, startup, config)))
        return 0
    with scale_server(sizes) as base_url:
        startup = measure_startup(pythons, base_url, config.startup_runs)
        results = measure(pythons, base_url, config)
    lines = [
        *goal_table(results, startup, config),
        "",
        *scale_table(results, config),
        "",
        *other_table(results),
    ]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "startup_ms": startup,
                    "results": {
                        label: {c: vars(s) for c, s in per.items()}
                        for label, per in results.items()
                    },
                },
                indent=2,
            )
        )
    if not args.no_docs:
        command = "uv run python tools/bench/scale_bench.py " + " ".join(argv or sys.argv[1:])
        write_doc(results, startup, config, command.strip())
        print(f"wrote {DOC_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
