"""Management benchmark: cloudflarefs KV vs the official ``cloudflare==5.9.0``, side by side.

    uv run python tools/bench/management_bench.py            # full run, writes docs/benchmarks/management.md
    uv run python tools/bench/management_bench.py --quick --skip-official --workspace --no-docs

Measures, in one run, over a loopback ``ThreadingHTTPServer`` (see ``loopback_server.py``):

(a) wall time of a fresh ``python -c`` that imports, constructs a client and lists KV
    namespaces once (median of ``--startup-runs``);
(b) ``-n`` sequential list calls, sync and async, as req/s and overhead over raw httpx
    measured in the same venv (median of ``--reps``);
(c) installed size of ``cloudflarefs-kv-management`` + dependencies vs ``cloudflare`` +
    dependencies (apparent bytes of site-packages, without ``__pycache__``, pip, setuptools).

Ours runs from wheels built now and installed into ``.bench/ours-venv`` (``--workspace`` uses
the workspace interpreter instead); the official SDK lives in ``.bench/official-venv``. Both are
created with ``uv``. ``--ours-impl generated`` measures the generated client over
``cloudflarefs.core.http`` instead of the public ``KVClient``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BenchConfig", "Results", "main", "site_packages_size"]

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
STATE_DIR = ROOT / ".bench"
DOC_PATH = ROOT / "docs" / "benchmarks" / "management.md"
OFFICIAL_REQUIREMENT = "cloudflare==5.9.0"
OURS_PACKAGES = ("packages/cloudflarefs-core", "packages/cloudflarefs-kv-management")
SIZE_EXCLUDED = {"pip", "setuptools", "_distutils_hack", "__pycache__"}

TARGET_STARTUP_RATIO = 0.25
TARGET_OVERHEAD_PCT = 25.0
TARGET_SIZE_RATIO = 1 / 20


@dataclass(frozen=True)
class BenchConfig:
    """What to run and how often."""

    n: int = 2000
    warmup: int = 50
    reps: int = 5
    startup_runs: int = 11
    ours_impl: str = "public"
    official: bool = True
    workspace: bool = False
    size: bool = True


@dataclass
class Results:
    """Every measured figure (medians), keyed by a short label."""

    startup_ms: dict[str, float] = field(default_factory=dict[str, float])
    throughput: dict[str, float] = field(default_factory=dict[str, float])
    size_bytes: dict[str, int] = field(default_factory=dict[str, int])

    def overhead_pct(self, who: str, mode: str) -> float | None:
        """Extra time per request of ``who`` over raw httpx in the same venv, in percent."""
        client = self.throughput.get(f"{who}/{mode}")
        floor = self.throughput.get(f"raw-{who}/{mode}")
        if client is None or floor is None:
            return None
        return (floor / client - 1.0) * 100.0


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(cmd), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"$ {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_official_venv() -> Path:
    """``.bench/official-venv`` with ``cloudflare==5.9.0`` (created once); returns its python."""
    venv = STATE_DIR / "official-venv"
    marker = venv / ".installed"
    if marker.exists() and marker.read_text() == OFFICIAL_REQUIREMENT:
        return _venv_python(venv)
    shutil.rmtree(venv, ignore_errors=True)
    _run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)])
    _run(
        [
            "uv",
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            str(_venv_python(venv)),
            OFFICIAL_REQUIREMENT,
        ]
    )
    marker.write_text(OFFICIAL_REQUIREMENT)
    return _venv_python(venv)


def build_ours_venv(packages: tuple[str, ...] = OURS_PACKAGES) -> Path:
    """Build our wheels now and install them into a fresh ``.bench/ours-venv``."""
    wheels = STATE_DIR / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    for package in packages:
        _run(["uv", "build", "--quiet", "--wheel", "--out-dir", str(wheels), str(ROOT / package)])
    venv = STATE_DIR / "ours-venv"
    shutil.rmtree(venv, ignore_errors=True)
    _run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)])
    _run(
        ["uv", "pip", "install", "--quiet", "--compile-bytecode"]
        + ["--python", str(_venv_python(venv))]
        + [str(w) for w in sorted(wheels.glob("*.whl"))]
    )
    return _venv_python(venv)


def site_packages_size(site_packages: Path) -> int:
    """Apparent bytes under ``site_packages``, skipping caches, pip, setuptools and venv shims."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(site_packages):
        dirnames[:] = [
            d
            for d in dirnames
            if d not in SIZE_EXCLUDED and not d.startswith(("pip-", "setuptools-"))
        ]
        for name in filenames:
            if name.startswith("_virtualenv"):
                continue
            total += (Path(dirpath) / name).lstat().st_size
    return total


def _site_packages(python: Path) -> Path:
    out = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    return Path(out.stdout.strip())


@contextmanager
def loopback_server() -> Generator[str]:
    """Start ``loopback_server.py`` in its own process; yield the ``/client/v4`` base URL."""
    proc = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "loopback_server.py")],
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


def _startup_code(client: str, base_url: str, ours_impl: str) -> str:
    setup = f"import sys; sys.path.insert(0, {str(BENCH_DIR)!r}); "
    # The runner's factories hold the exact client code; importing it costs ~1 ms of stdlib.
    return (
        setup
        + "from kv_list_runner import make_sync_call; "
        + f"call, _ = make_sync_call({client!r}, {base_url!r}, {ours_impl!r}); "
        + "assert call() == 2"
    )


def measure_startup(
    pythons: dict[str, Path], base_url: str, config: BenchConfig, results: Results
) -> None:
    """(a): median wall time of fresh processes, interleaving the clients run by run."""
    codes = {
        "bare python": (pythons["ours"], "pass"),
        # The floor of any httpx-based client: import httpx, build a Client (its TLS context
        # loads the CA bundle), one GET and .json(), in our venv.
        "raw httpx": (pythons["ours"], _startup_code("raw", base_url, config.ours_impl)),
        **{
            who: (python, _startup_code(who, base_url, config.ours_impl))
            for who, python in pythons.items()
        },
    }
    samples: dict[str, list[float]] = {label: [] for label in codes}
    for run in range(config.startup_runs + 1):
        for label, (python, code) in codes.items():
            start = time.perf_counter()
            _run([str(python), "-c", code])
            elapsed = time.perf_counter() - start
            if run:  # the first round only warms the OS file cache
                samples[label].append(elapsed * 1000)
    for label, values in samples.items():
        results.startup_ms[label] = statistics.median(values)


def _served(base_url: str) -> int:
    origin = base_url.removesuffix("/client/v4")
    with urllib.request.urlopen(f"{origin}/__count", timeout=10) as resp:
        return int(json.load(resp)["list_requests"])


def measure_throughput(
    pythons: dict[str, Path], base_url: str, config: BenchConfig, results: Results
) -> None:
    """(b): req/s of ``n`` sequential list calls per client and mode, median of ``reps``."""
    runs: dict[str, tuple[Path, str, str]] = {}
    for who, python in pythons.items():
        for mode in ("sync", "async"):
            runs[f"raw-{who}/{mode}"] = (python, "raw", mode)
            runs[f"{who}/{mode}"] = (python, who, mode)
    samples: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(config.reps):
        for label, (python, client, mode) in runs.items():
            before = _served(base_url)
            out = _run(
                [
                    str(python),
                    str(BENCH_DIR / "kv_list_runner.py"),
                    "--client",
                    client,
                    "--mode",
                    mode,
                    "--base-url",
                    base_url,
                    "-n",
                    str(config.n),
                    "--warmup",
                    str(config.warmup),
                    "--ours-impl",
                    config.ours_impl,
                ]
            )
            served = _served(base_url) - before
            # One HTTP request per call, or the comparison is meaningless.
            if served != config.n + config.warmup:
                raise RuntimeError(
                    f"{label}: {served} requests for {config.n + config.warmup} calls"
                )
            samples[label].append(json.loads(out.stdout.strip().splitlines()[-1])["req_per_s"])
    for label, values in samples.items():
        results.throughput[label] = statistics.median(values)


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.3f}" if a is not None and b else "n/a"


def table(results: Results) -> list[str]:
    """The Markdown table of every figure, with targets."""
    s, t, z = results.startup_ms, results.throughput, results.size_bytes
    lines = [
        "| Measurement | cloudflarefs | official 5.9.0 | ratio / overhead | target |",
        "|---|---:|---:|---:|---|",
    ]
    if s:
        ours, official = s.get("ours"), s.get("official")
        lines.append(
            "| (a) fresh process: import + construct + 1 list (median ms) "
            f"| {_fmt(ours, '.1f')} | {_fmt(official, '.1f')} | {_ratio(ours, official)} "
            f"| ≤ {TARGET_STARTUP_RATIO} |"
        )
        raw = s.get("raw httpx")
        lines.append(
            "| (a) floor: raw httpx, same venv: import + `Client()` + 1 GET (ms) "
            f"| {_fmt(raw, '.1f')} | | {_ratio(raw, official)} | |"
        )
        lines.append(
            f"| (a) bare `python -c pass` (ms) | {_fmt(s.get('bare python'), '.1f')} | | | |"
        )
    for mode in ("sync", "async") if t else ():
        lines.append(
            f"| (b) {mode}: client req/s | {_fmt(t.get(f'ours/{mode}'), ',.0f')} "
            f"| {_fmt(t.get(f'official/{mode}'), ',.0f')} | | |"
        )
        lines.append(
            f"| (b) {mode}: raw httpx req/s (same venv) | {_fmt(t.get(f'raw-ours/{mode}'), ',.0f')} "
            f"| {_fmt(t.get(f'raw-official/{mode}'), ',.0f')} | | |"
        )
        lines.append(
            f"| (b) {mode}: overhead over raw httpx | {_fmt(results.overhead_pct('ours', mode), '.1f', '%')} "
            f"| {_fmt(results.overhead_pct('official', mode), '.1f', '%')} | | ≤ {TARGET_OVERHEAD_PCT:.0f}% |"
        )
    if z:
        ours_b, official_b = z.get("ours"), z.get("official")
        lines.append(
            "| (c) installed size with dependencies (MB) "
            f"| {_fmt(ours_b and ours_b / 1e6, '.2f')} | {_fmt(official_b and official_b / 1e6, '.2f')} "
            f"| {_ratio(ours_b, official_b)} | ≤ {TARGET_SIZE_RATIO:.3f} |"
        )
    return lines


def _fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


ANALYSIS_HEADING = "## Analysis"
"""The page keeps everything from this heading on across runs (it is written by hand)."""


def _kept_analysis(path: Path) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text()
    at = text.find("\n" + ANALYSIS_HEADING)
    return [] if at < 0 else ["", *text[at + 1 :].rstrip("\n").split("\n"), ""]


def write_doc(
    results: Results,
    config: BenchConfig,
    command: str,
    versions: dict[str, str],
    path: Path = DOC_PATH,
) -> None:
    """Write the Markdown page (``docs/benchmarks/management.md``) with this run's figures.

    A hand-written section starting at :data:`ANALYSIS_HEADING` in the existing page is kept.
    """
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    body = [
        "# Management client benchmark",
        "",
        f"Measured {now} on {os.cpu_count()} CPUs, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}; versions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        + ".",
        "",
        "```",
        command,
        "```",
        "",
        *table(results),
        "",
        "How it is measured (`tools/bench/`):",
        "",
        "- The server is a stdlib `ThreadingHTTPServer` on 127.0.0.1 in its own process, HTTP/1.1",
        "  keep-alive, `disable_nagle_algorithm = True`, answering `GET /client/v4/accounts/{id}/storage/kv/namespaces`",
        "  with a two-namespace v4 envelope and `result_info`. It shares the machine's CPUs with the",
        "  client, so absolute numbers are pessimistic; compare the columns, not the absolutes.",
        f"- (a) median of {config.startup_runs} fresh `python -c` processes per client (after one warm-up",
        "  round), interleaved; each imports, constructs the client and lists once. cloudflarefs runs",
        "  from freshly built wheels in `.bench/ours-venv`, the official SDK from `.bench/official-venv`;",
        "  both venvs are byte-compiled. The raw httpx floor runs the same way in our venv.",
        f"- (b) {config.n} sequential list calls after {config.warmup} warm-up calls, one process per",
        f"  measurement, median of {config.reps}. The floor is raw `httpx.Client.get(url).json()`",
        "  (`AsyncClient` for async) in the same venv; overhead = floor req/s ÷ client req/s - 1.",
        f"  cloudflarefs client: `{'KVClient' if config.ours_impl == 'public' else 'GeneratedKV over HttpClient'}`,",
        "  `kv.namespaces.list().to_list()`; official: `cf.kv.namespaces.list(account_id=...).result`",
        "  (one request each; the server counts them).",
        "- (c) apparent bytes of the venv's site-packages after installing each side with its",
        "  dependencies, excluding `__pycache__`, pip and setuptools.",
        "",
        *_kept_analysis(path),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body))


def _versions(pythons: dict[str, Path]) -> dict[str, str]:
    probes = {
        "ours": "import importlib.metadata as m; print('cloudflarefs-kv-management', m.version('cloudflarefs-kv-management'), 'httpx', m.version('httpx'))",
        "official": "import importlib.metadata as m; print('cloudflare', m.version('cloudflare'), 'httpx', m.version('httpx'))",
    }
    versions: dict[str, str] = {}
    for who, python in pythons.items():
        words = _run([str(python), "-c", probes[who]]).stdout.split()
        versions[words[0]] = words[1]
        versions[f"httpx ({who})"] = words[3]
    return versions


def run(config: BenchConfig) -> tuple[Results, dict[str, Path]]:
    """Prepare the venvs, start the server and run every measurement."""
    STATE_DIR.mkdir(exist_ok=True)
    pythons: dict[str, Path] = {
        "ours": Path(sys.executable) if config.workspace else build_ours_venv()
    }
    if config.official:
        pythons["official"] = ensure_official_venv()
    results = Results()
    with loopback_server() as base_url:
        measure_startup(pythons, base_url, config, results)
        measure_throughput(pythons, base_url, config, results)
    if config.size:
        for who, python in pythons.items():
            results.size_bytes[who] = site_packages_size(_site_packages(python))
    return results, pythons


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=BenchConfig.n, help="calls per throughput run")
    parser.add_argument("--warmup", type=int, default=BenchConfig.warmup)
    parser.add_argument("--reps", type=int, default=BenchConfig.reps)
    parser.add_argument("--startup-runs", type=int, default=BenchConfig.startup_runs)
    parser.add_argument("--ours-impl", choices=("public", "generated"), default="public")
    parser.add_argument("--skip-official", action="store_true", help="measure cloudflarefs only")
    parser.add_argument("--workspace", action="store_true", help="use this interpreter, not wheels")
    parser.add_argument("--skip-size", action="store_true")
    parser.add_argument("--quick", action="store_true", help="tiny counts (smoke test)")
    parser.add_argument("--no-docs", action="store_true", help="do not write the Markdown page")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    config = BenchConfig(
        n=5 if args.quick else args.n,
        warmup=1 if args.quick else args.warmup,
        reps=1 if args.quick else args.reps,
        startup_runs=1 if args.quick else args.startup_runs,
        ours_impl=args.ours_impl,
        official=not args.skip_official,
        workspace=args.workspace,
        size=not args.skip_size,
    )
    results, pythons = run(config)
    print("\n".join(table(results)))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "startup_ms": results.startup_ms,
                    "throughput_req_per_s": results.throughput,
                    "size_bytes": results.size_bytes,
                },
                indent=2,
            )
        )
    if not args.no_docs:
        command = "uv run python tools/bench/management_bench.py " + " ".join(argv or sys.argv[1:])
        write_doc(results, config, command.strip(), _versions(pythons))
        print(f"wrote {DOC_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
