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
    MessagesAckResult,
    Queue,
    QueueCreated,
    QueueMessage,
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
