"""Consumer side inside Pyodide: MessageBatch/Message and the handler decorators.

Batches reach the Python handler two ways: the harness' ``worker.queue(...)`` dispatch (exact
messages, we read back what was acked/retried), and real Miniflare delivery from the producer
binding (retries, attempts and the dead-letter queue).
"""

import textwrap
from pathlib import Path

import pytest

from cloudflarefs.testing.pytest_plugin import WorkerFixture

MESSAGE_WORKER = textwrap.dedent(
    """
    from cloudflarefs.queues.runtime import Message, message_handler

    @message_handler(retry_delay=lambda m: m.attempts * 10)
    async def on_queue(message: Message, env, ctx):
        kind = type(message.body).__name__
        await env.SEEN.put(message.id, repr((message.body, kind, message.attempts, message.timestamp.isoformat())))
        if message.body == "fail":
            raise ValueError("boom")
        if message.body == "manual":
            message.retry(delay_seconds=0)
    """
)

BATCH_WORKER = textwrap.dedent(
    """
    from workers import WorkerEntrypoint
    from cloudflarefs.core import InvalidInputError
    from cloudflarefs.queues.runtime import MessageBatch, queue_handler

    class Default(WorkerEntrypoint):
        @queue_handler(retry_delay=7)
        async def queue(self, batch: MessageBatch, env, ctx):
            await env.SEEN.put("queue", batch.queue)
            await env.SEEN.put("len", str(len(batch)))
            for message in batch.messages:
                if message.body == "bad-delay":
                    try:
                        message.retry(delay_seconds=43_201)
                    except InvalidInputError:
                        await env.SEEN.put("bad-delay", "rejected")
                if message.body == "ack-me":
                    message.ack()
                if message.body == "all":
                    batch.retry_all(delay_seconds=3)
                    return
                if message.body == "ack-all":
                    batch.ack_all()
                    return
                if message.body == "crash":
                    raise RuntimeError("crash")
    """
)

DELIVERY_WORKER = textwrap.dedent(
    """
    from cloudflarefs.queues.runtime import MessageBatch, queue_handler

    @queue_handler
    async def on_queue(batch: MessageBatch, env, ctx):
        for message in batch.messages:
            if batch.queue == "dead":
                await env.SEEN.put("dead:" + message.body["name"], str(message.attempts))
                continue
            name = message.body["name"]
            await env.SEEN.put(f"{name}:{message.attempts}", message.id)
            if name == "poison":
                raise ValueError("poison message")
            message.ack()
    """
)


def load(worker: WorkerFixture, tmp_path: Path, source: str, **consumers: dict) -> None:
    (tmp_path / "qworker.py").write_text(source)
    handlers = worker.load_module(
        tmp_path,
        "qworker",
        bindings={
            "kv": ["SEEN"],
            "queue_producers": {"JOBS": "jobs"},
            "queue_consumers": consumers,
        },
    )
    assert handlers == ["queue"]


def seen(worker: WorkerFixture, key: str) -> object:
    async def body(env, key):
        return await env.SEEN.get(key)

    return worker.run(body, key=key)


def test_message_handler_acks_success_and_retries_failures(
    worker: WorkerFixture, tmp_path: Path
) -> None:
    load(worker, tmp_path, MESSAGE_WORKER)
    result = worker.queue(
        "jobs",
        [
            {"id": "a", "body": {"n": 1}, "timestamp": 0},
            {"id": "b", "body": "fail", "attempts": 3},
            {"id": "c", "body": b"\x00bin"},
            {"id": "d", "body": "manual"},
        ],
    )
    assert result.outcome == "ok"
    assert sorted(result.explicit_acks) == ["a", "c"]
    retried = {m["msgId"]: m.get("delaySeconds") for m in result.retry_messages}
    assert retried == {"b": 30, "d": 0}  # retry_delay from attempts; "d" retried by itself
    assert seen(worker, "a") == "({'n': 1}, 'dict', 1, '1970-01-01T00:00:00+00:00')"
    assert str(seen(worker, "c")).startswith("(b'\\x00bin', 'bytes', 1, '20")
    assert str(seen(worker, "b")).startswith("('fail', 'str', 3, ")


def test_queue_handler_class_method_acks_unsettled_on_success(
    worker: WorkerFixture, tmp_path: Path
) -> None:
    load(worker, tmp_path, BATCH_WORKER)
    result = worker.queue("jobs", [{"id": "x", "body": "ack-me"}, {"id": "y", "body": "bad-delay"}])
    assert result.outcome == "ok"
    assert sorted(result.explicit_acks) == ["x", "y"]
    assert (seen(worker, "queue"), seen(worker, "len"), seen(worker, "bad-delay")) == (
        "jobs",
        "2",
        "rejected",
    )


def test_queue_handler_retries_unsettled_when_it_raises(
    worker: WorkerFixture, tmp_path: Path
) -> None:
    load(worker, tmp_path, BATCH_WORKER)
    result = worker.queue(
        "jobs",
        [{"id": "p", "body": "ack-me"}, {"id": "q", "body": "crash"}, {"id": "r", "body": 1}],
    )
    assert result.outcome == "ok", "on_error='retry' handles the failure"
    assert list(result.explicit_acks) == ["p"]
    assert {m["msgId"]: m.get("delaySeconds") for m in result.retry_messages} == {"q": 7, "r": 7}


@pytest.mark.parametrize(
    ("body", "ack_all", "retry_batch"),
    [("ack-all", True, False), ("all", False, True)],
)
def test_ack_all_and_retry_all(
    worker: WorkerFixture, tmp_path: Path, body: str, ack_all: bool, retry_batch: bool
) -> None:
    load(worker, tmp_path, BATCH_WORKER)
    result = worker.queue("jobs", [{"id": "m1", "body": body}, {"id": "m2", "body": 2}])
    assert result.ack_all is ack_all
    assert bool(result.retry_batch.get("retry")) is retry_batch, result.retry_batch
    if retry_batch:
        assert result.retry_batch.get("delaySeconds") == 3, result.retry_batch
    assert result.explicit_acks == ()  # settled batch-wide, nothing left for the decorator


def test_real_delivery_retries_then_dead_letters(worker: WorkerFixture, tmp_path: Path) -> None:
    load(
        worker,
        tmp_path,
        DELIVERY_WORKER,
        jobs={
            "max_batch_size": 10,
            "max_batch_timeout": 1,
            "max_retries": 1,
            "dead_letter_queue": "dead",
        },
        dead={"max_batch_size": 10, "max_batch_timeout": 1},
    )

    async def send_and_wait(env):
        import asyncio

        from cloudflarefs.core.js import from_js
        from cloudflarefs.queues.runtime import MessageSendRequest, Queue

        await Queue(env.JOBS).send_batch(
            [MessageSendRequest({"name": "good"}), MessageSendRequest({"name": "poison"})]
        )
        for _ in range(600):  # a deadline for delivery, not a timing assertion
            if from_js(await env.SEEN.get("dead:poison")) is not None:  # JS null → None
                break
            await asyncio.sleep(0.05)
        listed = await env.SEEN.list()
        return sorted(k.name for k in listed.keys)

    keys = worker.run(send_and_wait)
    # poison: attempt 1 fails, the retry (attempt 2) fails, then max_retries=1 → DLQ.
    assert keys == ["dead:poison", "good:1", "poison:1", "poison:2"], keys
    assert seen(worker, "poison:1") == seen(worker, "poison:2"), "same message id across retries"
    assert seen(worker, "dead:poison") == "1"  # attempts restart in the dead-letter queue
