"""Samples with Python Durable Objects deployed to the local API by ``cloudflarefs deploy``.

The served Worker then answers HTTP (and WebSocket) requests that reach its Durable Objects,
whose state outlives each request and a redeploy; migrations are applied once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from cloudflarefs.durable_objects.management import DurableObjectsClient, Namespace
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.workers.management import WorkersClient

from .conftest import Cli

# Real queue delivery waits for Miniflare's batch timeout (1 s) per attempt: a safety net only.
DELIVERY_POLLS = 600


def _name(path: Path) -> str:
    return (path / "wrangler.toml").read_text().split('name = "', 1)[1].split('"', 1)[0]


def _namespaces(script: str) -> dict[str, Namespace]:
    with DurableObjectsClient() as client:
        found = client.namespaces.list().to_list()
    return {str(ns.name): ns for ns in found if ns.script == script}


def test_chat_deploys_its_durable_object_and_migrates_once(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("chat")
    status, plan = cli("deploy", str(path), "--dry-run")
    assert status == 0, plan
    assert "with Durable Object migrations -> v1 (1 step)" in plan
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert "Durable Object migrations -> v1 (1 step)" in out
    name = _name(path)
    assert list(_namespaces(name)) == [f"{name}_ChatRoom"]

    # The room is one Durable Object: a message sent over its WebSocket is in its SQL history,
    # which a later plain HTTP request reads back through the served Worker.
    with local_api.harness.websocket("/rooms/lobby/ws?name=ann") as ann:
        assert ann.receive_json() == {"type": "history", "messages": []}
        assert ann.receive_json() == {"type": "joined", "name": "ann"}
        ann.send_json({"text": "deployed"})
        assert ann.receive_json()["text"] == "deployed"
    history = httpx.get(local_api.worker_url.rstrip("/") + "/rooms/lobby/history", timeout=60)
    assert [m["text"] for m in history.json()["messages"]] == ["deployed"]

    status, again = cli("deploy", str(path))
    assert status == 0, again
    assert "up to date" in again and "uploaded" not in again and "migrations" not in again

    # A new migration: only it is sent, with old_tag the deployed tag; the room keeps its data.
    entry = path / "src" / "entry.py"
    entry.write_text(entry.read_text() + "\n\nclass Archive(ChatRoom):\n    pass\n")
    with (path / "wrangler.toml").open("a") as config:
        config.write('\n[[migrations]]\ntag = "v2"\nnew_sqlite_classes = ["Archive"]\n')
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert "Durable Object migrations v1 -> v2 (1 step)" in out
    assert sorted(_namespaces(name)) == [f"{name}_Archive", f"{name}_ChatRoom"]
    history = httpx.get(local_api.worker_url.rstrip("/") + "/rooms/lobby/history", timeout=60)
    assert [m["text"] for m in history.json()["messages"]] == ["deployed"]
    with WorkersClient() as workers:
        [script] = [s for s in workers.scripts.list().to_list() if s.id == name]
    assert script.extra["migration_tag"] == "v2"
    assert "up to date" in cli("deploy", str(path))[1]


def test_task_queue_deploys_with_its_job_board_and_queues(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("task-queue")
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert "Durable Object migrations -> v1 (1 step)" in out
    assert "consumer of queue 'jobs'" in out and "consumer of queue 'jobs-dlq'" in out
    base = local_api.worker_url.rstrip("/")

    submitted = httpx.post(
        base + "/jobs", json={"task": "reverse", "input": "stressed"}, timeout=60
    )
    assert submitted.status_code == 202, submitted.text
    job = submitted.json()
    # The JobBoard Durable Object keeps the job between requests...
    assert httpx.get(f"{base}/jobs/{job['id']}", timeout=60).json()["task"] == "reverse"
    # ...and the queue consumer, fed by Miniflare, records its result there.
    status_now: dict[str, Any] = {}
    for _ in range(DELIVERY_POLLS):
        status_now = httpx.get(f"{base}/jobs/{job['id']}", timeout=60).json()
        if status_now["status"] == "done":
            break
    assert status_now["status"] == "done" and status_now["result"] == "desserts", status_now
    assert [j["id"] for j in httpx.get(base + "/jobs", timeout=60).json()["jobs"]] == [job["id"]]

    status, again = cli("deploy", str(path))
    assert status == 0, again
    assert "up to date" in again
    assert not any(w in again for w in ("uploaded", "created", "attached", "migrations"))
