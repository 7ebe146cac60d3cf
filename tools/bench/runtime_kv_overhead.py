"""Benchmark: overhead of ``KVNamespace`` over raw JsProxy calls, inside one Pyodide.

Runs N ``get`` and N ``put`` calls through the raw binding and through the ``KVNamespace``
wrapper in the same harness, interleaved in blocks, and reports per-variant medians and the
wrapper's overhead, against Miniflare's KV and against an in-Pyodide JS stub binding (which
isolates the wrapper's own cost from Miniflare's I/O). Run manually::

    .venv/bin/python tools/bench/runtime_kv_overhead.py --n 1000 --rounds 7

Timing happens inside Pyodide with ``time.perf_counter``; the host only aggregates.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from cloudflarefs.testing.harness import Harness

BINDINGS = {"kv": ["KV"]}


async def measure_in_pyodide(
    env: Any, n: int, rounds: int, binding: str = "miniflare", block: int = 100
) -> dict[str, list[float]]:
    """Runs inside Pyodide: seconds per ``n`` calls, per variant and round.

    Each round interleaves raw and wrapped calls in blocks of ``block`` (alternating which goes
    first), so drift in Miniflare's storage or in machine load hits both variants alike.
    ``binding="stub"`` swaps Miniflare for a JS object whose methods return resolved promises:
    what remains is the FFI plus the wrapper, i.e. the wrapper's own cost.
    """
    import time

    from js import Function

    from cloudflarefs.kv.runtime import KVNamespace

    if binding == "stub":
        raw = Function.new(
            "return {get(k) { return Promise.resolve('value') },"
            " put(k, v) { return Promise.resolve(undefined) }}"
        )()
    else:
        raw = env.KV
    kv = KVNamespace(raw)
    await raw.put("bench", "value")
    times: dict[str, list[float]] = {
        "get_raw": [],
        "get_wrapped": [],
        "put_raw": [],
        "put_wrapped": [],
    }

    async def get_raw(count: int) -> None:
        for _ in range(count):
            await raw.get("bench")

    async def get_wrapped(count: int) -> None:
        for _ in range(count):
            await kv.get("bench")

    async def put_raw(count: int) -> None:
        for _ in range(count):
            await raw.put("bench", "value")

    async def put_wrapped(count: int) -> None:
        for _ in range(count):
            await kv.put("bench", "value")

    runs = {
        "get_raw": get_raw,
        "get_wrapped": get_wrapped,
        "put_raw": put_raw,
        "put_wrapped": put_wrapped,
    }
    for name in runs:  # warm up every path (imports, proxies, Miniflare caches)
        await runs[name](min(n, 50))
    blocks = [block] * (n // block) + ([n % block] if n % block else [])
    for round_no in range(rounds):
        for op in ("get", "put"):
            spent = {"raw": 0.0, "wrapped": 0.0}
            for i, count in enumerate(blocks):
                order = ("raw", "wrapped") if (round_no + i) % 2 == 0 else ("wrapped", "raw")
                for variant in order:
                    start = time.perf_counter()
                    await runs[f"{op}_{variant}"](count)
                    spent[variant] += time.perf_counter() - start
            for variant, seconds in spent.items():
                times[f"{op}_{variant}"].append(seconds)
    return times


def summarize(times: Mapping[str, Sequence[float]], n: int) -> dict[str, dict[str, float]]:
    """Median batch seconds, per-call microseconds and overhead % per operation."""
    out: dict[str, dict[str, float]] = {}
    for op in ("get", "put"):
        raw = statistics.median(times[f"{op}_raw"])
        wrapped = statistics.median(times[f"{op}_wrapped"])
        out[op] = {
            "raw_median_s": raw,
            "wrapped_median_s": wrapped,
            "raw_us_per_call": raw / n * 1e6,
            "wrapped_us_per_call": wrapped / n * 1e6,
            "overhead_pct": (wrapped - raw) / raw * 100,
        }
    return out


def run(
    harness: Harness, *, n: int, rounds: int, binding: str = "miniflare"
) -> dict[str, dict[str, float]]:
    """Configure fresh KV on ``harness``, measure against ``binding`` ("miniflare" or
    "stub"), and summarize."""
    harness.configure(BINDINGS)
    times = harness.run(measure_in_pyodide, n=n, rounds=rounds, binding=binding)
    return summarize(times, n)


def render(
    summary: Mapping[str, Mapping[str, float]], n: int, rounds: int, binding: str = "miniflare"
) -> str:
    """A Markdown table of the summary."""
    lines = [
        f"{binding} binding, N={n} calls per batch, {rounds} rounds, medians:",
        "",
        "| op | raw JsProxy | KVNamespace | raw µs/call | wrapped µs/call | overhead |",
        "|---|---|---|---|---|---|",
    ]
    for op, s in summary.items():
        lines.append(
            f"| {op} | {s['raw_median_s'] * 1000:.1f} ms | {s['wrapped_median_s'] * 1000:.1f} ms"
            f" | {s['raw_us_per_call']:.1f} | {s['wrapped_us_per_call']:.1f}"
            f" | {s['overhead_pct']:+.1f}% |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help="calls per batch (default 1000)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (default 7)")
    parser.add_argument(
        "--binding",
        choices=("miniflare", "stub", "both"),
        default="both",
        help="Miniflare KV, an in-Pyodide JS stub (the wrapper's own cost), or both (default)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    bindings = ("miniflare", "stub") if args.binding == "both" else (args.binding,)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with Harness() as harness:
        harness.start()
        for binding in bindings:
            results[binding] = run(harness, n=args.n, rounds=args.rounds, binding=binding)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("\n\n".join(render(s, args.n, args.rounds, b) for b, s in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
