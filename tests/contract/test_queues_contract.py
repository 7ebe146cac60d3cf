"""Queues contract: every operation of specs/queues.json, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.queues.management import (
    Consumer,
    ConsumerCreated,
    ConsumerSettings,
    ConsumerUpdated,
    EventSource,
    EventSourceInput,
    EventSubscription,
    MessagesAckResult,
    MessagesPeekResult,
    MessagesPurgeResult,
    OutgoingMessage,
    PeekedMessage,
    PurgeStatusResult,
    PushResult,
    Queue,
    QueueCreated,
    QueueMessage,
    QueueMetrics,
    QueueSettingsInput,
    QueueUpdated,
)

QUEUE = "023e105f4ecef8ad9ca31a8372d0c353"
CONSUMER = "e5b0a1b3c2d94e6f8a7b6c5d4e3f2a1b"
LEASE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..lease"
SETTINGS = ConsumerSettings(
    batch_size=50,
    max_retries=3,
    max_wait_time_ms=5000,
    max_concurrency=10,
    retry_delay=10,
    visibility_timeout_ms=30_000,
)


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("queues", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("queues", "async")


def test_queues_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        listed = q.queues.list().to_list()
        created = q.queues.create("example-queue")
        fetched = q.queues.get(QUEUE)
        renamed = q.queues.update(QUEUE, queue_name="renamed-example-queue")
        assert q.queues.delete(QUEUE) is None
    assert listed and all(isinstance(x, Queue) for x in listed)
    assert isinstance(created, QueueCreated) and created.queue_name
    assert isinstance(fetched, Queue) and isinstance(renamed, QueueUpdated)


async def test_queues_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        listed = await q.queues.list().to_list()
        created = await q.queues.create("example-queue")
        fetched = await q.queues.get(QUEUE)
        renamed = await q.queues.update(QUEUE, queue_name="renamed-example-queue")
        assert await q.queues.delete(QUEUE) is None
    assert listed and all(isinstance(x, Queue) for x in listed)
    assert isinstance(created, QueueCreated)
    assert isinstance(fetched, Queue) and isinstance(renamed, QueueUpdated)


def test_consumers_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        listed = q.consumers.list(QUEUE).to_list()
        created = q.consumers.create(
            QUEUE,
            script_name="my-consumer-worker",
            dead_letter_queue="example-dlq",
            environment="production",
            settings=SETTINGS,
        )
        pull = q.consumers.create(QUEUE, type="http_pull", settings=ConsumerSettings(batch_size=5))
        updated = q.consumers.update(QUEUE, CONSUMER, script_name="my-consumer-worker")
        assert q.consumers.delete(QUEUE, CONSUMER) is None
    assert listed and all(isinstance(c, Consumer) for c in listed)
    assert isinstance(created, ConsumerCreated) and isinstance(pull, ConsumerCreated)
    assert isinstance(updated, ConsumerUpdated)


async def test_consumers_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        listed = await q.consumers.list(QUEUE).to_list()
        created = await q.consumers.create(QUEUE, script_name="w", settings=SETTINGS)
        updated = await q.consumers.update(
            QUEUE, CONSUMER, type="http_pull", settings=ConsumerSettings(visibility_timeout_ms=1)
        )
        assert await q.consumers.delete(QUEUE, CONSUMER) is None
    assert listed and all(isinstance(c, Consumer) for c in listed)
    assert isinstance(created, ConsumerCreated) and isinstance(updated, ConsumerUpdated)


def test_messages_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        pulled = q.messages.pull(QUEUE, batch_size=10, visibility_timeout_ms=1000)
        acked = q.messages.ack(QUEUE, acks=[LEASE], retries=[LEASE, (LEASE, 10)])
    assert pulled and all(isinstance(m, QueueMessage) for m in pulled)
    assert isinstance(acked, MessagesAckResult) and isinstance(acked.ack_count, int)


async def test_messages_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        pulled = await q.messages.pull(QUEUE)
        acked = await q.messages.ack(QUEUE, retries=[(LEASE, 0)])
    assert pulled and all(isinstance(m, QueueMessage) for m in pulled)
    assert isinstance(acked, MessagesAckResult)


# --- operations added after the 2024 spec (overlay [[addition]] entries) ---------------------

SUBSCRIPTION = "4c3f3c0b0e6c4cba9f0b6c1d2e3f4a5b"
PEEK_REF = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..ref"


def _assert_queue_extras(edited: Any, metrics: Any, consumer: Any) -> None:
    assert isinstance(edited, Queue)
    assert isinstance(metrics, QueueMetrics) and isinstance(metrics.backlog_count, int)
    assert isinstance(consumer, Consumer)


def test_queue_edit_metrics_consumer_get_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        edited = q.queues.edit(
            QUEUE,
            queue_name="example-queue",
            settings=QueueSettingsInput(delivery_delay=5, delivery_paused=False),
        )
        metrics = q.queues.get_metrics(QUEUE)
        consumer = q.consumers.get(QUEUE, CONSUMER)
    _assert_queue_extras(edited, metrics, consumer)


async def test_queue_edit_metrics_consumer_get_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        edited = await q.queues.edit(
            QUEUE, settings=QueueSettingsInput(message_retention_period=60)
        )
        metrics = await q.queues.get_metrics(QUEUE)
        consumer = await q.consumers.get(QUEUE, CONSUMER)
    _assert_queue_extras(edited, metrics, consumer)


def test_push_peek_purge_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        text = q.messages.push(QUEUE, "hello world")
        as_json = q.messages.push(QUEUE, {"order": 7}, delay_seconds=30)
        raw = q.messages.push(QUEUE, b"\x00\x01binary")
        batch = q.messages.bulk_push(
            QUEUE,
            ["plain text", {"k": [1, 2]}, OutgoingMessage(body=b"\xff", delay_seconds=1)],
            delay_seconds=10,
        )
        peeked = q.messages.peek(QUEUE, batch_size=10)
        purged = q.messages.purge(QUEUE, [PEEK_REF])
    assert all(isinstance(r, PushResult) for r in (text, as_json, raw, batch))
    assert isinstance(peeked, MessagesPeekResult)
    assert peeked.messages and all(isinstance(m, PeekedMessage) for m in peeked.messages)
    assert isinstance(purged, MessagesPurgeResult)


async def test_push_peek_purge_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        pushed = await q.messages.push(QUEUE, '{"not": "parsed"}', content_type="text")
        batch = await q.messages.bulk_push(QUEUE, [OutgoingMessage(body=[1], content_type="json")])
        peeked = await q.messages.peek(QUEUE)
        purged = await q.messages.purge(QUEUE, iter([PEEK_REF]))
    assert isinstance(pushed, PushResult) and isinstance(batch, PushResult)
    assert isinstance(peeked, MessagesPeekResult) and isinstance(purged, MessagesPurgeResult)


def test_purge_queue_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        started = q.purge.start(QUEUE, delete_messages_permanently=True)
        status = q.purge.status(QUEUE)
    assert isinstance(started, Queue) and isinstance(status, PurgeStatusResult)


async def test_purge_queue_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        started = await q.purge.start(QUEUE, delete_messages_permanently=True)
        status = await q.purge.status(QUEUE)
    assert isinstance(started, Queue) and isinstance(status, PurgeStatusResult)


def _source() -> EventSourceInput:
    return EventSourceInput(type_="workflows.workflow", workflow_name="order-workflow")


def test_event_subscriptions_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as q:
        created = q.subscriptions.create(
            "workflow-events",
            source=_source(),
            queue_id=QUEUE,
            events=["instance.completed"],
            enabled=True,
        )
        listed = q.subscriptions.list(per_page=20, max_pages=2).to_list()
        fetched = q.subscriptions.get(SUBSCRIPTION)
        updated = q.subscriptions.update(
            SUBSCRIPTION, enabled=False, events=["instance.errored"], queue_id=QUEUE
        )
        deleted = q.subscriptions.delete(SUBSCRIPTION)
    for sub in (created, fetched, updated, deleted, *listed):
        assert isinstance(sub, EventSubscription) and isinstance(sub.source, EventSource)
    assert listed


async def test_event_subscriptions_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as q:
        created = await q.subscriptions.create(
            "workflow-events", source=_source(), queue_id=QUEUE, events=["x"]
        )
        listed = await q.subscriptions.list(max_pages=1).to_list()
        fetched = await q.subscriptions.get(SUBSCRIPTION)
        updated = await q.subscriptions.update(SUBSCRIPTION, name="renamed")
        deleted = await q.subscriptions.delete(SUBSCRIPTION)
    for sub in (created, fetched, updated, deleted, *listed):
        assert isinstance(sub, EventSubscription)
