# pyright: reportMissingImports=false, reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportUnknownLambdaType=false
# (the official SDK is installed only in .bench/official-venv, so its types are unknown here)
"""Run one KV workload at scale with one client; prints a JSON line with time and peak memory.

    python tools/bench/scale_runner.py --client ours --op list -n 200000 --base-url URL

``--client``: ``raw`` (httpx with plain dicts: the floor), ``ours`` or ``official``.
``--op``: ``list`` (every key of a namespace of ``n`` keys, reading each key's name),
``write`` (``n`` pairs, 10,000 per request), ``delete`` (``n`` keys); ``r2-list`` (an
account of ``n`` R2 buckets, 1,000 per page), ``r2-objects-list`` (a bucket of ``n`` objects,
1,000 per page), ``queues-list`` (an account of ``n`` queues, one
page), ``vectorize-insert`` (``n`` vectors of 32 dimensions with metadata, ndjson, 5,000 per
request). ``--concurrency``
(ours only) is ``max_concurrency``; ``--repeat K`` times the workload K times in the process
and prints the fastest run (wall and CPU each). The input (the pairs, the keys) is built before timing;
``seconds`` is wall time, ``cpu`` this process's CPU time (steadier on a shared machine), and
``peak_mib`` how far the process's peak RSS rose during the workload.
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
WARMUP = 2000
VECTOR_BATCH = 5000
DIMENSIONS = 32
OTHER_OPS = ("r2-list", "r2-objects-list", "queues-list", "vectorize-insert")


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _pairs(n: int) -> dict[str, str]:
    return {f"key-{i:08d}": f"value-{i}" for i in range(n)}


def _keys(n: int) -> list[str]:
    return [f"key-{i:08d}" for i in range(n)]


def _vectors(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"vec-{i:08d}",
            "values": [((i * 31 + d) % 997) / 997 for d in range(DIMENSIONS)],
            "metadata": {"n": i, "tag": "bench"},
        }
        for i in range(n)
    ]


def _ndjson_batches(vectors: list[dict[str, Any]]) -> list[bytes]:
    """What a raw httpx (or official SDK) user sends: ndjson, 5,000 vectors per request."""
    return [
        "".join(
            json.dumps(v, separators=(",", ":")) + "\n" for v in vectors[i : i + VECTOR_BATCH]
        ).encode()
        for i in range(0, len(vectors), VECTOR_BATCH)
    ]


def _raw_other(client: Any, base_url: str, op: str, sizes: list[int]) -> Callable[[int], int]:
    if op in ("r2-list", "r2-objects-list"):
        # What a raw httpx user writes: follow result_info.cursor, read one field per item.
        path, items_of, field = (
            ("r2/buckets", lambda body: body["result"]["buckets"], "name")
            if op == "r2-list"
            else ("r2/buckets/bench/objects", lambda body: body["result"], "key")
        )

        def list_r2(n: int) -> int:
            count, params = 0, {"per_page": PAGE}
            while True:
                body = client.get(f"{base_url}/accounts/n{n}/{path}", params=params).json()
                for item in items_of(body):
                    if item[field]:
                        count += 1
                cursor = body["result_info"].get("cursor")
                if not cursor:
                    return count
                params = {"per_page": PAGE, "cursor": cursor}

        return list_r2
    if op == "queues-list":
        return lambda n: sum(
            1
            for q in client.get(f"{base_url}/accounts/n{n}/queues").json()["result"]
            if q["queue_name"]
        )
    inputs = {n: _vectors(n) for n in sizes}
    url = f"{base_url}/accounts/{ACCOUNT_ID}/vectorize/v2/indexes/bench/insert"

    def insert(n: int) -> int:
        done = 0
        for batch in _ndjson_batches(inputs[n]):
            headers = {"Content-Type": "application/x-ndjson"}
            assert client.post(url, content=batch, headers=headers).json()["result"]["mutationId"]
            done += batch.count(b"\n")
        return done

    return insert


def _raw(base_url: str, op: str, sizes: list[int]) -> Callable[[int], int]:
    import httpx

    client = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"})
    if op in OTHER_OPS:
        return _raw_other(client, base_url, op, sizes)
    ns_url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces/n{{n}}"
    if op == "list":

        def list_keys(n: int) -> int:
            count, params = 0, {"limit": PAGE}
            while True:
                body = client.get(ns_url.format(n=n) + "/keys", params=params).json()
                for item in body["result"]:
                    if item["name"]:
                        count += 1
                cursor = body["result_info"].get("cursor")
                if not cursor:
                    return count
                params = {"limit": PAGE, "cursor": cursor}

        return list_keys
    if op == "write":
        inputs = {n: _pairs(n) for n in sizes}

        def write(n: int) -> int:
            done = 0
            items = list(inputs[n].items())
            for start in range(0, len(items), CHUNK):
                body = [{"key": k, "value": v} for k, v in items[start : start + CHUNK]]
                done += client.put(ns_url.format(n=n) + "/bulk", json=body).json()["result"][
                    "successful_key_count"
                ]
            return done

        return write
    key_inputs = {n: _keys(n) for n in sizes}

    def delete(n: int) -> int:
        done = 0
        for chunk in _chunks(key_inputs[n]):
            done += client.post(ns_url.format(n=n) + "/bulk/delete", json=chunk).json()["result"][
                "successful_key_count"
            ]
        return done

    return delete


def _ours_other(base_url: str, op: str, sizes: list[int]) -> Callable[[int], int]:
    if op == "r2-list":
        from cloudflarefs.r2.management import R2Client

        r2 = R2Client(api_token=TOKEN, base_url=base_url)
        return lambda n: sum(
            1 for b in r2.buckets.list(per_page=PAGE, account_id=f"n{n}") if b.name
        )
    if op == "r2-objects-list":
        from cloudflarefs.r2.management import R2Client

        r2 = R2Client(api_token=TOKEN, base_url=base_url)
        return lambda n: sum(
            1 for o in r2.objects.list("bench", per_page=PAGE, account_id=f"n{n}") if o.key
        )
    if op == "queues-list":
        from cloudflarefs.queues.management import QueuesClient

        queues = QueuesClient(api_token=TOKEN, base_url=base_url)
        return lambda n: sum(1 for q in queues.queues.list(account_id=f"n{n}") if q.queue_name)
    from cloudflarefs.vectorize.management import VectorizeClient

    vectorize = VectorizeClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
    inputs = {n: _vectors(n) for n in sizes}
    return lambda n: vectorize.indexes.insert("bench", inputs[n]).count


def _ours(base_url: str, op: str, sizes: list[int], concurrency: int) -> Callable[[int], int]:
    if op in OTHER_OPS:
        return _ours_other(base_url, op, sizes)
    from cloudflarefs.kv.management import KVClient

    kv = KVClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
    if op == "list":
        return lambda n: sum(1 for key in kv.keys.list(f"n{n}", limit=PAGE) if key.name)
    if op == "write":
        inputs = {n: _pairs(n) for n in sizes}

        def write(n: int) -> int:
            result = kv.namespaces.bulk_write(f"n{n}", inputs[n], max_concurrency=concurrency)
            return result.successful_key_count or 0

        return write
    key_inputs = {n: _keys(n) for n in sizes}

    def delete(n: int) -> int:
        result = kv.namespaces.bulk_delete(f"n{n}", key_inputs[n], max_concurrency=concurrency)
        return result.successful_key_count or 0

    return delete


def _official_other(cf: Any, op: str, sizes: list[int]) -> Callable[[int], int]:
    if op == "r2-list":
        # ``buckets.list`` returns one page without its cursor: the raw response has it.
        def list_buckets(n: int) -> int:
            count, cursor = 0, None
            while True:
                kwargs = {"cursor": cursor} if cursor else {}
                raw = cf.r2.buckets.with_raw_response.list(
                    account_id=f"n{n}", per_page=PAGE, **kwargs
                )
                count += sum(1 for b in raw.parse().buckets or [] if b.name)
                cursor = raw.http_response.json()["result_info"].get("cursor")
                if not cursor:
                    return count

        return list_buckets
    if op == "r2-objects-list":
        return lambda n: sum(
            1
            for o in cf.r2.buckets.objects.list("bench", account_id=f"n{n}", per_page=PAGE)
            if o.key
        )
    if op == "queues-list":
        return lambda n: sum(1 for q in cf.queues.list(account_id=f"n{n}") if q.queue_name)
    inputs = {n: _vectors(n) for n in sizes}

    def insert(n: int) -> int:
        done = 0
        for batch in _ndjson_batches(inputs[n]):
            result = cf.vectorize.indexes.insert(
                "bench",
                account_id=ACCOUNT_ID,
                body=batch,
                extra_headers={"Content-Type": "application/x-ndjson"},
            )
            assert result is not None and result.mutation_id
            done += batch.count(b"\n")
        return done

    return insert


def _official(base_url: str, op: str, sizes: list[int]) -> Callable[[int], int]:
    import cloudflare

    cf = cloudflare.Cloudflare(api_token=TOKEN, base_url=base_url)
    if op in OTHER_OPS:
        return _official_other(cf, op, sizes)
    if op == "list":
        return lambda n: sum(
            1
            for key in cf.kv.namespaces.keys.list(f"n{n}", account_id=ACCOUNT_ID, limit=PAGE)
            if key.name
        )
    if op == "write":
        inputs = {n: _pairs(n) for n in sizes}

        def write(n: int) -> int:
            done = 0
            items = list(inputs[n].items())
            for start in range(0, len(items), CHUNK):
                body = [{"key": k, "value": v} for k, v in items[start : start + CHUNK]]
                result = cf.kv.namespaces.bulk_update(f"n{n}", account_id=ACCOUNT_ID, body=body)
                done += result.successful_key_count if result else 0
            return done

        return write
    key_inputs = {n: _keys(n) for n in sizes}

    def delete(n: int) -> int:
        done = 0
        for chunk in _chunks(key_inputs[n]):
            result = cf.kv.namespaces.bulk_delete(f"n{n}", account_id=ACCOUNT_ID, body=chunk)
            done += result.successful_key_count if result else 0
        return done

    return delete


def make_workload(
    client: str, base_url: str, op: str, sizes: list[int], concurrency: int = 1
) -> Callable[[int], int]:
    """``run(n)`` does the workload for one of ``sizes`` (inputs built now) and returns the
    items handled; one client serves every call, so a warm-up call warms the timed one."""
    if client == "raw":
        return _raw(base_url, op, sizes)
    if client == "official":
        return _official(base_url, op, sizes)
    return _ours(base_url, op, sizes, concurrency)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, warm up on a small namespace, run once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--client", choices=("raw", "ours", "official"), required=True)
    parser.add_argument("--op", choices=("list", "write", "delete", *OTHER_OPS), required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("-n", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=1, help="timed runs in this process; the fastest is printed"
    )
    args = parser.parse_args(argv)
    run = make_workload(args.client, args.base_url, args.op, [WARMUP, args.n], args.concurrency)
    # Warm up the imports, the connection and the first hooks on 2,000 items, untimed.
    run(WARMUP)
    before = _rss_mib()
    times: list[tuple[float, float]] = []
    peak = 0.0
    for _ in range(max(1, args.repeat)):
        start, cpu_start = time.perf_counter(), time.process_time()
        items = run(args.n)
        times.append((time.perf_counter() - start, time.process_time() - cpu_start))
        if items != args.n:
            raise SystemExit(f"{args.client} {args.op}: handled {items} of {args.n}")
        if len(times) == 1:
            peak = _rss_mib() - before  # the first run's growth: later runs reuse its memory
    # The fastest run: the shared machine only ever adds time (``timeit`` takes the minimum too).
    seconds, cpu = min(t[0] for t in times), min(t[1] for t in times)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mib": peak, "items": args.n}))


if __name__ == "__main__":
    main()
