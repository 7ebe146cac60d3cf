"""The task-queue sample through its handlers: HTTP requests to the producer, exact queue
batches to the consumer, and Miniflare's own delivery with retries and the dead-letter queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.testing.pytest_plugin import WorkerFixture

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "task-queue"
# Real delivery waits for Miniflare's batch timeout (1 s) per attempt; this is a safety net.
DELIVERY_POLLS = 600


@pytest.fixture
def tq(worker: WorkerFixture) -> WorkerFixture:
    worker.load(SAMPLE)
    return worker


def submit(worker: WorkerFixture, task: str, text: str) -> dict[str, Any]:
    r = worker.fetch("/jobs", method="POST", body=f'{{"task": "{task}", "input": "{text}"}}')
    assert r.status == 202, r.text
    return r.json()


def message(job: dict[str, Any], text: str, attempts: int = 1) -> dict[str, Any]:
    body = {"id": job["id"], "task": job["task"], "input": text}
    return {"id": f"m-{job['id']}", "body": body, "attempts": attempts}


def test_submit_validates_and_queues(tq: WorkerFixture) -> None:
    assert tq.fetch("/jobs", method="POST", body="nope").status == 400
    assert tq.fetch("/jobs", method="POST", body='{"task": "x"}').status == 400
    assert tq.fetch("/jobs", method="POST", body='{"task": "reverse", "input": 3}').status == 400
    job = submit(tq, "reverse", "abc")
    assert job["status"] == "queued" and job["attempts"] == 0 and job["task"] == "reverse"
    assert tq.fetch(f"/jobs/{job['id']}").json() == job
    assert tq.fetch("/jobs/00000000-0000-0000-0000-000000000000").status == 404
    assert tq.fetch("/jobs").json() == {"jobs": [job]}


@pytest.fixture
def held(worker: WorkerFixture) -> WorkerFixture:
    """The sample with its producer pointed at a queue nobody consumes: the test alone hands
    batches to the consumer."""
    worker.load(SAMPLE, bindings={"queue_producers": {"JOBS": "jobs-held"}})
    return worker


def test_consumer_acks_successes_and_retries_failures_per_message(held: WorkerFixture) -> None:
    tq = held
    ok = submit(tq, "reverse", "stressed")
    count = submit(tq, "word_count", "one two three")
    bad = submit(tq, "fail", "x")
    flaky = submit(tq, "flaky", "later")
    batch = [message(ok, "stressed"), message(count, "one two three"), message(bad, "x")]
    result = tq.queue("jobs", [*batch, message(flaky, "later")])
    assert set(result.explicit_acks) == {f"m-{ok['id']}", f"m-{count['id']}"}
    assert {m["msgId"] for m in result.retry_messages} == {f"m-{bad['id']}", f"m-{flaky['id']}"}
    assert not result.ack_all and result.retry_batch == {"retry": False}

    def status(job: dict[str, Any]) -> dict[str, Any]:
        return tq.fetch(f"/jobs/{job['id']}").json()

    assert status(ok)["status"] == "done" and status(ok)["result"] == "desserts"
    assert status(count)["result"] == 3
    assert status(bad)["status"] == "retrying" and status(bad)["error"] == "cannot process 'x'"
    assert status(flaky)["status"] == "retrying" and status(flaky)["attempts"] == 1

    second = tq.queue("jobs", [message(flaky, "later", attempts=2)])
    assert second.explicit_acks == (f"m-{flaky['id']}",)
    assert status(flaky)["status"] == "done" and status(flaky)["result"] == "LATER"

    dead = tq.queue("jobs-dlq", [message(bad, "x", attempts=3)])
    assert dead.explicit_acks == (f"m-{bad['id']}",)
    assert status(bad)["status"] == "dead" and status(bad)["error"] == "cannot process 'x'"


def test_real_delivery_retries_and_dead_letters(tq: WorkerFixture) -> None:
    """Miniflare delivers the producer's messages itself: flaky succeeds on its second
    attempt, fail is tried 3 times (max_retries = 2) and then reaches jobs-dlq."""
    flaky = submit(tq, "flaky", "up")
    bad = submit(tq, "fail", "x")

    def wait_for(job: dict[str, Any], wanted: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for _ in range(DELIVERY_POLLS):
            seen = tq.fetch(f"/jobs/{job['id']}").json()
            if seen["status"] == wanted:
                return seen

            async def pause() -> None:  # yield to Miniflare's queue timers inside Node
                import asyncio

                await asyncio.sleep(0.05)

            tq.run(pause)
        raise AssertionError(f"job {job['task']} never became {wanted}: {seen}")

    assert wait_for(flaky, "done")["result"] == "UP"
    assert wait_for(flaky, "done")["attempts"] == 2
    dead = wait_for(bad, "dead")
    assert dead["attempts"] == 3 and dead["error"] == "cannot process 'x'"
