"""Response compression: the effect of ``Accept-Encoding: gzip`` on a large list page.

    uv run python tools/bench/compression_bench.py            # -n 300 --reps 5
    uv run python tools/bench/compression_bench.py --quick

cloudflarefs sends ``Accept-Encoding: gzip`` and inflates under its size limit. This runs the
same calls against two loopback servers (``loopback_server.py``, each in its own process): one
that gzips the 1,000-key KV page when asked (as Cloudflare does) and one started with
``--no-gzip``. Reported per server: body bytes on the wire per call and calls per second,
for cloudflarefs' ``HttpClient.send(request).json()`` (sync and async: the HTTP layer, which is
what compression changes; structuring 1,000 ``Key`` models costs the same either way) and for
raw ``httpx.Client.get().json()`` in the same interpreter (httpx asks for gzip by default).
Loopback has no bandwidth limit, so req/s shows only the CPU cost of inflating; the byte count
is what a real network saves. Configurations alternate within each repetition (drift hits all).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Generator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["main", "measure"]

BENCH_DIR = Path(__file__).resolve().parent
ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353"
NAMESPACE = "0f2ac74b498b48028cb68387c421e279"
TOKEN = "bench-dummy-token"
PAGE = 1000


@contextmanager
def server(use_gzip: bool) -> Generator[str]:
    """``loopback_server.py`` in its own process; yields its ``/client/v4`` base URL."""
    cmd = [sys.executable, str(BENCH_DIR / "loopback_server.py")]
    proc = subprocess.Popen(
        [*cmd, *([] if use_gzip else ["--no-gzip"])], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        yield f"http://127.0.0.1:{int(proc.stdout.readline())}/client/v4"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wire_bytes(base_url: str) -> int:
    origin = base_url.removesuffix("/client/v4")
    with urllib.request.urlopen(f"{origin}/__bytes", timeout=10) as resp:
        return int(json.load(resp)["keys_bytes"])


def _sync_call(client: str, base_url: str) -> tuple[Callable[[], int], Any]:
    if client == "raw":
        import httpx

        raw = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"})
        url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NAMESPACE}/keys"
        return (lambda: len(raw.get(url, params={"limit": PAGE}).json()["result"])), raw
    from cloudflarefs.core.http import HttpClient

    http = HttpClient(api_token=TOKEN, base_url=base_url)
    request = _keys_request()
    return (lambda: len(http.send(request).json()["result"])), http


def _keys_request() -> Any:
    from cloudflarefs.core import ApiRequest

    path = f"/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NAMESPACE}/keys"
    return ApiRequest("GET", path, params={"limit": PAGE})


async def _async_rate(client: str, base_url: str, n: int) -> float:
    if client == "raw":
        import httpx

        raw = httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"})
        url = f"{base_url}/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NAMESPACE}/keys"

        async def call() -> int:
            return len((await raw.get(url, params={"limit": PAGE})).json()["result"])

        closer = raw.aclose
    else:
        from cloudflarefs.core.http import AsyncHttpClient

        http = AsyncHttpClient(api_token=TOKEN, base_url=base_url)
        request = _keys_request()

        async def call() -> int:
            return len((await http.send(request)).json()["result"])

        closer = http.close
    assert await call() == PAGE  # warm-up: connection, imports
    start = time.perf_counter()
    for _ in range(n):
        await call()
    rate = n / (time.perf_counter() - start)
    await closer()
    return rate


def _sync_rate(client: str, base_url: str, n: int) -> float:
    call, owner = _sync_call(client, base_url)
    assert call() == PAGE
    start = time.perf_counter()
    for _ in range(n):
        call()
    rate = n / (time.perf_counter() - start)
    owner.close()
    return rate


def measure(n: int, reps: int) -> dict[str, dict[str, float]]:
    """``{"gzip"|"identity": {"<client>/<mode>": req/s median, "bytes/call": ...}}``."""
    results: dict[str, dict[str, list[float]]] = {}
    with server(True) as gz_url, server(False) as id_url:
        for _ in range(reps):
            for label, url in (("gzip", gz_url), ("identity", id_url)):
                figures = results.setdefault(label, {})
                for client in ("ours", "raw"):
                    before = _wire_bytes(url)
                    rate = _sync_rate(client, url, n)
                    sent = _wire_bytes(url) - before
                    figures.setdefault(f"{client}/sync", []).append(rate)
                    figures.setdefault(f"{client} bytes/call", []).append(sent / (n + 1))
                    rate = asyncio.run(_async_rate(client, url, n))
                    figures.setdefault(f"{client}/async", []).append(rate)
    return {
        label: {key: statistics.median(values) for key, values in figures.items()}
        for label, figures in results.items()
    }


def table(figures: dict[str, dict[str, float]]) -> list[str]:
    """The Markdown table of :func:`measure`'s figures."""
    rows = [
        "| server | body bytes/call (ours) | ours sync req/s | ours async req/s | raw httpx sync req/s | raw httpx async req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in ("gzip", "identity"):
        f = figures[label]
        rows.append(
            f"| {label} | {f['ours bytes/call']:,.0f} | {f['ours/sync']:,.0f} | "
            f"{f['ours/async']:,.0f} | {f['raw/sync']:,.0f} | {f['raw/async']:,.0f} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: prints the table (and the JSON figures with ``--json``)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=300, help="calls per measurement")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="tiny counts (smoke test)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    figures = measure(2 if args.quick else args.n, 1 if args.quick else args.reps)
    print("\n".join(table(figures)))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
