"""Per-item cost of structuring list items: compiled hooks vs cattrs' detailed hooks, in-process.

    uv run python tools/bench/structure_bench.py [--n 1000] [--rounds 30]

For the items of the paged listings (KV keys, R2 buckets, Queues queues and consumers), it
structures a page of ``n`` typical items with the package's converter as shipped (compiled
hooks, ``Structurer.many``) and with the same converter built with the compiled path switched
off (cattrs' detailed-validation hooks, called per item through ``converter.structure``), and
with ``json.loads`` of the page for scale. Minimum over ``rounds`` of CPU time, in µs per item.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Callable
from typing import Any

__all__ = ["main"]

ITEMS: dict[str, tuple[str, str, Callable[[int], dict[str, Any]]]] = {
    "KV Key": (
        "cloudflarefs.kv.management",
        "Key",
        lambda i: {"name": f"key-{i:08d}", "expiration": 1_900_000_000 + i, "metadata": {"n": i}},
    ),
    "R2 Bucket": (
        "cloudflarefs.r2.management",
        "Bucket",
        lambda i: {
            "name": f"bucket-{i}",
            "creation_date": "2024-01-02T03:04:05.000Z",
            "location": "weur",
            "storage_class": "Standard",
        },
    ),
    "Queues Queue": (
        "cloudflarefs.queues.management",
        "Queue",
        lambda i: {
            "queue_id": f"{i:032x}",
            "queue_name": f"queue-{i}",
            "created_on": "2024-01-02T03:04:05.000Z",
            "modified_on": "2024-01-02T03:04:05.000Z",
            "producers_total_count": 1,
            "producers": [{"script": "producer", "type": "worker"}],
            "consumers_total_count": 1,
            "consumers": [{"script": "consumer", "type": "worker", "settings": {"batch_size": 10}}],
        },
    ),
}


def _best(fn: Callable[[], object], rounds: int, n: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best / n * 1e6


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table of µs per item."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    print("| item | json.loads µs/item | compiled (shipped) µs/item | cattrs detailed µs/item |")
    print("|---|---:|---:|---:|")
    for label, (module, name, make) in ITEMS.items():
        package = importlib.import_module(module)
        cls = getattr(package, name, None) or getattr(
            importlib.import_module(f"{module}._generated.models"), name
        )
        models = importlib.import_module(f"{module}._generated.models")
        core = importlib.import_module("cloudflarefs.core.converter")
        page = [make(i) for i in range(args.n)]
        body = json.dumps(page)
        fast = core.structurer(cls, converter=models.converter)
        reference = core.make_converter(compiled_hooks=False)
        assert fast.many(page) == [reference.structure(x, cls) for x in page]
        # The lambdas run at once, inside this iteration.
        loads = _best(lambda: json.loads(body), args.rounds, args.n)  # noqa: B023
        compiled = _best(lambda: fast.many(page), args.rounds, args.n)  # noqa: B023
        detailed = _best(lambda: [reference.structure(x, cls) for x in page], args.rounds, args.n)  # noqa: B023
        print(f"| {label} | {loads:.2f} | {compiled:.2f} | {detailed:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
