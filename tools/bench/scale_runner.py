# pyright: reportMissingImports=false, reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportUnknownLambdaType=false
# (the official SDK is installed only in .bench/official-venv, so its types are unknown here)
"""Run one KV workload at scale with one client; prints a JSON line with time and peak memory.

    python tools/bench/scale_runner.py --client ours --op list -n 200000 --base-url URL

``--client``: ``raw`` (httpx with plain dicts: the floor), ``ours`` or ``official``.
``--op``: ``list`` (every key of a namespace of ``n`` keys, reading each key's name),
``write`` (``n`` pairs, 10,000 per request), ``delete`` (``n`` keys). ``--concurrency``
(ours only) is ``max_concurrency``. The input (the pairs, the keys) is built before timing;
``peak_mib`` is how far the process's peak RSS rose during the workload.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from typing import Any

__all__ = ["ACCOUNT_ID", "make_workload"]

ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "bench-dummy-token"
CHUNK = 10_000
PAGE = 1000


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _raw(base_url: str, op: str, n: int) -> tuple[Callable[[], int], Any]:
    import httpx

    client = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"})
    ns_url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces/n{n}"
    if op == "list":

        def list_keys() -> int:
            count, params = 0, {"limit": PAGE}
            while True:
                body = client.get(f"{ns_url}/keys", params=params).json()
                for item in body["result"]:
                    if item["name"]:
                        count += 1
                cursor = body["result_info"].get("cursor")
                if not cursor:
                    return count
                params = {"limit": PAGE, "cursor": cursor}

        return list_keys, client
    if op == "write":
        pairs = {f"key-{i:08d}": f"value-{i}" for i in range(n)}

        def write() -> int:
            done = 0
            items = list(pairs.items())
            for start in range(0, len(items), CHUNK):
                body = [{"key": k, "value": v} for k, v in items[start : start + CHUNK]]
                done += client.put(f"{ns_url}/bulk", json=body).json()["result"][
                    "successful_key_count"
                ]
            return done

        return write, (client, pairs)
    keys = [f"key-{i:08d}" for i in range(n)]

    def delete() -> int:
        done = 0
        for chunk in _chunks(keys):
            done += client.post(f"{ns_url}/bulk/delete", json=chunk).json()["result"][
                "successful_key_count"
            ]
        return done

    return delete, (client, keys)


def _ours(base_url: str, op: str, n: int, concurrency: int) -> tuple[Callable[[], int], Any]:
    from cloudflarefs.kv.management import KVClient

    kv = KVClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
    ns = f"n{n}"
    if op == "list":
        return (lambda: sum(1 for key in kv.keys.list(ns, limit=PAGE) if key.name)), kv
    if op == "write":
        pairs = {f"key-{i:08d}": f"value-{i}" for i in range(n)}
        result = lambda: kv.namespaces.bulk_write(ns, pairs, max_concurrency=concurrency)  # noqa: E731
        return (lambda: result().successful_key_count or 0), (kv, pairs)
    keys = [f"key-{i:08d}" for i in range(n)]
    deleted = lambda: kv.namespaces.bulk_delete(ns, keys, max_concurrency=concurrency)  # noqa: E731
    return (lambda: deleted().successful_key_count or 0), (kv, keys)


def _official(base_url: str, op: str, n: int) -> tuple[Callable[[], int], Any]:
    import cloudflare

    cf = cloudflare.Cloudflare(api_token=TOKEN, base_url=base_url)
    ns = f"n{n}"
    if op == "list":
        return (
            lambda: sum(
                1
                for key in cf.kv.namespaces.keys.list(ns, account_id=ACCOUNT_ID, limit=PAGE)
                if key.name
            )
        ), cf
    if op == "write":
        pairs = {f"key-{i:08d}": f"value-{i}" for i in range(n)}

        def write() -> int:
            done = 0
            items = list(pairs.items())
            for start in range(0, len(items), CHUNK):
                body = [{"key": k, "value": v} for k, v in items[start : start + CHUNK]]
                result = cf.kv.namespaces.bulk_update(ns, account_id=ACCOUNT_ID, body=body)
                done += result.successful_key_count if result else 0
            return done

        return write, (cf, pairs)
    keys = [f"key-{i:08d}" for i in range(n)]

    def delete() -> int:
        done = 0
        for chunk in _chunks(keys):
            result = cf.kv.namespaces.bulk_delete(ns, account_id=ACCOUNT_ID, body=chunk)
            done += result.successful_key_count if result else 0
        return done

    return delete, (cf, keys)


def make_workload(
    client: str, base_url: str, op: str, n: int, concurrency: int = 1
) -> tuple[Callable[[], int], Any]:
    """``(run, keepalive)``: ``run()`` does the workload once and returns the items handled."""
    if client == "raw":
        return _raw(base_url, op, n)
    if client == "official":
        return _official(base_url, op, n)
    return _ours(base_url, op, n, concurrency)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, warm up on a small namespace, run once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--client", choices=("raw", "ours", "official"), required=True)
    parser.add_argument("--op", choices=("list", "write", "delete"), required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("-n", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args(argv)
    # Warm up the imports, the connection and the first hooks on 2,000 items, untimed.
    warm, _warm_keep = make_workload(args.client, args.base_url, args.op, 2000, args.concurrency)
    warm()
    run, _keep = make_workload(args.client, args.base_url, args.op, args.n, args.concurrency)
    before = _rss_mib()
    start = time.perf_counter()
    items = run()
    seconds = time.perf_counter() - start
    peak = _rss_mib() - before
    if items != args.n:
        raise SystemExit(f"{args.client} {args.op}: handled {items} of {args.n}")
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "items": items}))


if __name__ == "__main__":
    main()
