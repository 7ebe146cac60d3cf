"""The Queue producer façade, run inside Pyodide against Miniflare's queue binding."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import datetime as dt

from cloudflarefs.core import InvalidInputError
from cloudflarefs.queues.runtime import MessageSendRequest, Queue, QueueMetrics, QueueSendResult
from cloudflarefs.testing.pytest_plugin import run_in_worker

PRODUCER = {"queue_producers": {"JOBS": "jobs"}}


@run_in_worker(bindings=PRODUCER)
async def test_send_every_content_type_and_metrics(env):
    jobs = Queue(env.JOBS)
    results = [
        await jobs.send({"job": 1}),
        await jobs.send("plain text"),
        await jobs.send(b"\x00\x01", delay_seconds=0),
        await jobs.send([1, "two"], content_type="v8"),
        await jobs.send("as json", content_type="json", delay_seconds=60),
    ]
    assert all(isinstance(r, QueueSendResult) for r in results), results
    metrics = await jobs.metrics()
    assert isinstance(metrics, QueueMetrics), metrics
    assert metrics.backlog_count >= 0 and metrics.backlog_bytes >= 0, metrics
    assert metrics.oldest_message_timestamp is None or (
        metrics.oldest_message_timestamp.tzinfo is dt.UTC
    ), metrics


@run_in_worker(bindings=PRODUCER)
async def test_send_batch_mixed_requests_and_bare_bodies(env):
    jobs = Queue(env.JOBS)
    result = await jobs.send_batch(
        [
            MessageSendRequest({"n": 1}),
            MessageSendRequest(b"raw", content_type="bytes", delay_seconds=5),
            "bare text",
        ],
        delay_seconds=10,
    )
    assert isinstance(result, QueueSendResult), result
    full = await jobs.send_batch([{"i": i} for i in range(100)])
    assert isinstance(full, QueueSendResult), full


@run_in_worker(bindings=PRODUCER)
async def test_bad_input_raises_before_sending(env):
    jobs = Queue(env.JOBS)
    cases = {
        "negative delay": jobs.send("x", delay_seconds=-1),
        "delay over 12h": jobs.send("x", delay_seconds=43_201),
        "bool delay": jobs.send("x", delay_seconds=True),
        "text not str": jobs.send(1, content_type="text"),
        "bytes not bytes": jobs.send("x", content_type="bytes"),
        "unknown type": jobs.send("x", content_type="xml"),
        "not json": jobs.send({1, 2}),
        "nan json": jobs.send(float("nan")),
        "too large": jobs.send("x" * 128_001),
        "empty batch": jobs.send_batch([]),
        "101 messages": jobs.send_batch(["m"] * 101),
        "batch too large": jobs.send_batch(["x" * 100_000] * 3),
        "bad item delay": jobs.send_batch([MessageSendRequest("x", delay_seconds=50_000)]),
        "bad batch delay": jobs.send_batch(["x"], delay_seconds=-5),
    }
    for name, call in cases.items():
        try:
            await call
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    assert (await jobs.metrics()).backlog_count == 0, "nothing was sent"
    await jobs.send("x" * 128_000)  # exactly the limit is fine


@run_in_worker(bindings=PRODUCER)
async def test_send_batch_refuses_a_single_body_passed_as_the_list(env):
    from cloudflarefs.core import InvalidInputTypeError

    jobs = Queue(env.JOBS)
    for messages in ("abc", b"abc", bytearray(b"ab"), {"a": 1}, None, 42):
        try:
            await jobs.send_batch(messages)
            raise AssertionError(f"send_batch({messages!r}) accepted")
        except InvalidInputTypeError as exc:
            assert isinstance(exc, TypeError), messages
            assert "send_batch messages must be a list" in str(exc), str(exc)
    assert (await jobs.metrics()).backlog_count == 0, "nothing was sent"
    await jobs.send_batch(m for m in ["a generator", "works"])
    await jobs.send_batch(("a", "tuple"))


@run_in_worker(bindings=PRODUCER)
async def test_text_with_nul_is_refused_not_truncated(env):
    # Queues delivers a text body only up to its first NUL; json, v8 and bytes keep it whole.
    jobs = Queue(env.JOBS)
    for call in (
        lambda: jobs.send("a\x00b"),
        lambda: jobs.send("a\x00b", content_type="text"),
        lambda: jobs.send_batch(["ok", "a\x00b"]),
        lambda: jobs.send_batch([MessageSendRequest("\x00", content_type="text")]),
    ):
        try:
            await call()
            raise AssertionError("text with NUL accepted")
        except InvalidInputError as exc:
            assert "cannot contain NUL" in str(exc) and "content_type='json'" in str(exc), exc
    assert (await jobs.metrics()).backlog_count == 0, "nothing was sent"
    await jobs.send("a\x00b", content_type="json")
    await jobs.send("a\x00b", content_type="v8")
