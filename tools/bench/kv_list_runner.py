# pyright: reportMissingImports=false, reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (the official SDK is installed only in .bench/official-venv, so its types are unknown here)
"""Time N sequential KV namespace list calls with one client; prints a JSON result line.

Runs inside whichever venv holds the client under test (ours, the official SDK, or both have
httpx for the raw floor), so it imports only the stdlib at module level, and only cheap parts:
the startup measurement imports it in every fresh process.

    python tools/bench/kv_list_runner.py --client ours --mode sync --base-url http://127.0.0.1:PORT/client/v4 -n 2000

``--client``: ``raw`` (``httpx.Client.get().json()``, the floor), ``ours`` (cloudflarefs) or
``official`` (``cloudflare`` 5.9.0). ``--ours-impl``: ``public`` (``KVClient``) or
``generated`` (the generated client over ``cloudflarefs.core.http``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["ACCOUNT_ID", "TOKEN", "make_async_call", "make_sync_call"]

ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "bench-dummy-token"

SyncCall = Callable[[], int]
AsyncCall = Callable[[], Awaitable[int]]


def make_sync_call(client: str, base_url: str, ours_impl: str = "public") -> tuple[SyncCall, Any]:
    """A zero-argument function making one list request (returns the item count), and its client."""
    if client == "raw":
        import httpx

        raw = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"})
        url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces"
        return (lambda: len(raw.get(url).json()["result"])), raw
    if client == "official":
        import cloudflare

        cf = cloudflare.Cloudflare(api_token=TOKEN, base_url=base_url)
        # .list() fetches the first page; .result avoids the SDK probing for a second page.
        return (lambda: len(cf.kv.namespaces.list(account_id=ACCOUNT_ID).result)), cf
    if ours_impl == "generated":
        from cloudflarefs.core.http import HttpClient
        from cloudflarefs.kv.management._generated.client import GeneratedKV

        http = HttpClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
        gen = GeneratedKV(http)
        return (lambda: len(gen.namespaces.list().to_list())), http
    from cloudflarefs.kv.management import KVClient

    kv = KVClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
    return (lambda: len(kv.namespaces.list().to_list())), kv


def make_async_call(client: str, base_url: str, ours_impl: str = "public") -> tuple[AsyncCall, Any]:
    """The async twin of :func:`make_sync_call` (build it inside the running loop)."""
    if client == "raw":
        import httpx

        raw = httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"})
        url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces"

        async def raw_call() -> int:
            return len((await raw.get(url)).json()["result"])

        return raw_call, raw
    if client == "official":
        import cloudflare

        cf = cloudflare.AsyncCloudflare(api_token=TOKEN, base_url=base_url)

        async def official_call() -> int:
            return len((await cf.kv.namespaces.list(account_id=ACCOUNT_ID)).result)

        return official_call, cf
    if ours_impl == "generated":
        from cloudflarefs.core.http import AsyncHttpClient
        from cloudflarefs.kv.management._generated.aio import AsyncGeneratedKV

        http = AsyncHttpClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)
        gen = AsyncGeneratedKV(http)

        async def generated_call() -> int:
            return len(await gen.namespaces.list().to_list())

        return generated_call, http
    from cloudflarefs.kv.management.aio import KVClient

    kv = KVClient(api_token=TOKEN, account_id=ACCOUNT_ID, base_url=base_url)

    async def ours_call() -> int:
        return len(await kv.namespaces.list().to_list())

    return ours_call, kv


def run_sync(client: str, base_url: str, n: int, warmup: int, ours_impl: str) -> float:
    """Seconds for ``n`` calls after ``warmup`` untimed ones."""
    call, _owner = make_sync_call(client, base_url, ours_impl)
    for _ in range(warmup):
        assert call() == 2
    start = time.perf_counter()
    for _ in range(n):
        call()
    return time.perf_counter() - start


async def run_async(client: str, base_url: str, n: int, warmup: int, ours_impl: str) -> float:
    """Seconds for ``n`` sequential awaited calls after ``warmup`` untimed ones."""
    call, _owner = make_async_call(client, base_url, ours_impl)
    for _ in range(warmup):
        assert await call() == 2
    start = time.perf_counter()
    for _ in range(n):
        await call()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run, print ``{"seconds": ..., "req_per_s": ...}``."""
    # Imported here, not at the top: the startup measurement imports this module in every
    # fresh process, and asyncio alone costs ~10 ms that no client under test should be charged.
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--client", choices=("raw", "ours", "official"), required=True)
    parser.add_argument("--mode", choices=("sync", "async"), required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--ours-impl", choices=("public", "generated"), default="public")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed loop")
    args = parser.parse_args(argv)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    if args.mode == "sync":
        seconds = run_sync(args.client, args.base_url, args.n, args.warmup, args.ours_impl)
    else:
        seconds = asyncio.run(
            run_async(args.client, args.base_url, args.n, args.warmup, args.ours_impl)
        )
    if args.profile:
        profiler.disable()  # pyright: ignore[reportPossiblyUnboundVariable]
        profiler.dump_stats(args.profile)  # pyright: ignore[reportPossiblyUnboundVariable]
    print(json.dumps({"seconds": seconds, "n": args.n, "req_per_s": args.n / seconds}))


if __name__ == "__main__":
    main()
