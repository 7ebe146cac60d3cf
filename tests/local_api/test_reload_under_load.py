"""Reloading the served Worker while it and the API are busy (harness/reload_gate.mjs).

Each upload reconfigures Miniflare, which restarts workerd and poisons every proxy made before.
Without the reload gate, a Worker request or API data call in flight across the reload failed
with "Attempted to use poisoned stub" or Miniflare's proxy-heap ``AssertionError: false ==
true``. Now a reload waits for in-flight work and holds new work until it is done. Requests
that reach workerd while it restarts may still see a refused or dropped connection (the socket
itself goes away, as with any dev-server restart); those are not failures of the Worker.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import httpx

from cloudflarefs.kv.management import KVClient
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.workers.management import KVNamespaceBinding, WorkerModule, WorkersClient

UPLOADS = 6
ENTRY = """
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        values = [await self.env.STORE.get("k") for _ in range(5)]
        return Response(f"{VERSION}:{''.join(values)}")
"""


def test_reloads_wait_for_in_flight_requests_and_api_calls(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    failures: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    stop = threading.Event()

    def worker_traffic(url: str) -> None:
        with httpx.Client(timeout=120) as client:
            while not stop.is_set():
                try:
                    r = client.get(url)
                except httpx.TransportError:
                    continue  # workerd restarting: its socket is gone for a moment
                if r.status_code == 200:
                    answers[r.text.split(":", 1)[1]] += 1
                else:
                    failures[f"worker {r.status_code}: {r.text[-300:]}"] += 1

    def api_traffic(namespace_id: str) -> None:
        with KVClient(**client_kwargs) as kv:
            while not stop.is_set():
                try:
                    assert kv.values.get(namespace_id, "k") == b"v"
                except Exception as err:  # every failure is counted
                    failures[f"api {type(err).__name__}: {err}"] += 1

    with WorkersClient(**client_kwargs) as workers, KVClient(**client_kwargs) as kv:
        ns = kv.namespaces.create(f"reload-{unique}").id
        kv.values.put(ns, "k", "v")

        def upload(version: int) -> None:
            workers.scripts.upload(
                f"reload-{unique}",
                [WorkerModule("entry.py", f"VERSION = {version}\n{ENTRY}")],
                compatibility_date="2025-06-01",
                compatibility_flags=["python_workers"],
                bindings=[KVNamespaceBinding(name="STORE", namespace_id=ns)],
            )

        upload(0)
        url = local_api.worker_url
        threads = [
            threading.Thread(target=worker_traffic, args=(url,)),
            threading.Thread(target=worker_traffic, args=(url,)),
            threading.Thread(target=api_traffic, args=(ns,)),
        ]
        for t in threads:
            t.start()
        try:
            for version in range(1, UPLOADS):
                upload(version)
        finally:
            stop.set()
            for t in threads:
                t.join()
    assert not failures, failures.most_common(5)
    assert set(answers) == {"vvvvv"} and sum(answers.values()) > 0
