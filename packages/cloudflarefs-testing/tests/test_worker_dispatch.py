"""Dispatching fetch, scheduled and queue events to Python Workers through Miniflare."""

import textwrap
from pathlib import Path

import pytest

from cloudflarefs.testing.errors import PyodideError
from cloudflarefs.testing.pytest_plugin import WorkerFixture

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "kv-d1-worker"

QUEUE_WORKER = textwrap.dedent(
    """
    from cloudflarefs.core.js import from_js

    async def on_queue(batch, env, ctx):
        for message in batch.messages:
            body = from_js(message.body)
            if body == "retry-me":
                message.retry()
            elif body == "explode":
                raise ValueError("bad message")
            else:
                await env.SEEN.put(message.id, repr(body))
                message.ack()

    async def on_scheduled(controller, env, ctx):
        await env.SEEN.put("cron", controller.cron)
        if controller.cron == "stop":
            controller.noRetry()

    async def on_fetch(request, env, ctx):
        from workers import Response
        cf = request.js_object.cf
        return Response(f"{request.method} {request.url} colo={cf.colo}")
    """
)


@pytest.fixture
def queue_worker(worker: WorkerFixture, tmp_path: Path) -> WorkerFixture:
    (tmp_path / "qworker.py").write_text(QUEUE_WORKER)
    handlers = worker.load_module(
        tmp_path,
        "qworker",
        bindings={
            "kv": ["SEEN"],
            "queue_producers": {"JOBS": "jobs"},
            "queue_consumers": {"jobs": {"max_batch_size": 5, "max_batch_timeout": 1}},
        },
    )
    assert handlers == ["fetch", "scheduled", "queue"]
    return worker


def read_seen(worker: WorkerFixture, key: str) -> object:
    async def body(env, key):
        return await env.SEEN.get(key)

    return worker.run(body, key=key)


def test_sample_worker_counts_visits_in_kv(worker: WorkerFixture) -> None:
    worker.load(SAMPLE)
    first = worker.fetch("/").json()
    second = worker.fetch("/").json()
    assert first == {"greeting": "hello from kv-d1-worker", "visits": 1}
    assert second["visits"] == 2


def test_sample_worker_stores_notes_in_d1_with_null_tags(worker: WorkerFixture) -> None:
    worker.load(SAMPLE)
    created = worker.fetch("/notes", method="POST", body="buy milk")
    assert created.status == 201
    worker.fetch("/notes", method="POST", body="ship it", headers={"x-tag": "work"})
    notes = worker.fetch("/notes").json()["notes"]
    assert notes == [
        {"id": 2, "body": "ship it", "tag": "work"},
        {"id": 1, "body": "buy milk", "tag": None},
    ]
    assert worker.fetch("/notes", method="POST", body="  ").status == 400
    assert worker.fetch("/nope").status == 404


def test_state_does_not_leak_between_tests(worker: WorkerFixture) -> None:
    # The two tests above wrote visits and notes; this one starts empty again.
    worker.load(SAMPLE)
    assert worker.fetch("/").json()["visits"] == 1
    assert worker.fetch("/notes").json()["notes"] == []


def test_class_scheduled_handler_receives_controller(worker: WorkerFixture) -> None:
    worker.load(SAMPLE)
    result = worker.scheduled("*/30 * * * *")
    assert result.outcome == "ok"

    async def body(env):
        return await env.COUNTS.get("last_cron")

    assert worker.run(body) == "*/30 * * * *"


def test_module_scheduled_handler_and_no_retry(queue_worker: WorkerFixture) -> None:
    result = queue_worker.scheduled("stop")
    assert (result.outcome, result.no_retry) == ("ok", True)
    assert read_seen(queue_worker, "cron") == "stop"


def test_fetch_passes_method_url_and_cf(queue_worker: WorkerFixture) -> None:
    r = queue_worker.fetch("/x?y=1", method="PUT", body=b"data", cf={"colo": "SFO"})
    assert r.text == "PUT http://localhost/x?y=1 colo=SFO"


def test_queue_batch_acks_and_retries(queue_worker: WorkerFixture) -> None:
    result = queue_worker.queue(
        "jobs",
        [
            {"id": "a", "body": {"n": 1}},
            {"id": "b", "body": "retry-me", "attempts": 2},
            {"id": "c", "body": b"\x00bin"},
        ],
    )
    assert result.outcome == "ok"
    assert sorted(result.explicit_acks) == ["a", "c"]
    assert [m["msgId"] for m in result.retry_messages] == ["b"]
    assert read_seen(queue_worker, "a") == "{'n': 1}"
    assert read_seen(queue_worker, "c") == "b'\\x00bin'"


def test_queue_handler_exception_surfaces_with_traceback(queue_worker: WorkerFixture) -> None:
    with pytest.raises(PyodideError) as info:
        queue_worker.queue("jobs", ["explode"])
    assert "ValueError: bad message" in info.value.traceback
    result = queue_worker.queue("jobs", ["explode"], raise_on_error=False)
    assert result.outcome != "ok"


def test_producer_to_consumer_through_miniflare_queue(queue_worker: WorkerFixture) -> None:
    # Real path: send() on the producer binding; Miniflare delivers the batch to the shim's
    # queue handler, which bridges it to on_queue. Wait for delivery inside Pyodide.
    async def send_and_wait(env):
        import asyncio

        await env.JOBS.send("via-producer")
        for _ in range(200):  # deadline, not a timing assertion
            listed = await env.SEEN.list()
            if listed.keys.length:
                return [k.name for k in listed.keys]
            await asyncio.sleep(0.05)
        return []

    keys = queue_worker.run(send_and_wait)
    assert len(keys) == 1
    assert read_seen(queue_worker, keys[0]) == "'via-producer'"
