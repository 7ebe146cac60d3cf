"""Queue details structure as the API sends them (the overlay's typing), sync and async."""

from __future__ import annotations

import httpx

from cloudflarefs.queues.management import (
    Consumer,
    ConsumerSettings,
    MessagesAckResult,
    Producer,
    Queue,
    QueuesClient,
)
from cloudflarefs.queues.management.aio import QueuesClient as AsyncQueuesClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
QID = "023e105f4ecef8ad9ca31a8372d0c353"
DETAILS = {
    "queue_id": QID,
    "queue_name": "example-queue",
    "created_on": "2024-01-01T00:00:00Z",
    "modified_on": "2024-01-01T00:00:00Z",
    "consumers": [
        {
            "consumer_id": "c1",
            "script": "consumer-worker",
            "type": "worker",
            "settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000},
        }
    ],
    "consumers_total_count": 1,
    "producers": [
        {"script": "producer-worker", "type": "worker"},
        {"bucket_name": "uploads", "type": "r2_bucket"},
    ],
    "producers_total_count": 2,
}


def _check(queue: Queue) -> None:
    assert queue.consumers is not None and queue.producers is not None
    [consumer] = queue.consumers
    assert isinstance(consumer, Consumer) and consumer.settings is not None
    assert consumer.settings.batch_size == 10 and isinstance(consumer.settings.batch_size, int)
    assert consumer.consumer_id == "c1"  # typed since the 2025 fields were added
    assert [(p.type_, p.script, p.bucket_name) for p in queue.producers] == [
        ("worker", "producer-worker", None),
        ("r2_bucket", None, "uploads"),
    ]
    assert all(isinstance(p, Producer) for p in queue.producers)
    assert queue.consumers_total_count == 1 and isinstance(queue.producers_total_count, int)


def test_queue_details_consumers_and_producers_are_lists() -> None:
    rec = Recorder(lambda r: envelope(DETAILS))
    with QueuesClient(api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as q:
        _check(q.queues.get(QID))


async def test_queue_details_consumers_and_producers_are_lists_async() -> None:
    rec = Recorder(lambda r: envelope(DETAILS))
    async with AsyncQueuesClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as q:
        _check(await q.queues.get(QID))


def _created(request: httpx.Request) -> httpx.Response:
    return envelope({"queue_name": "example-queue", "settings": {}})


def test_counts_and_settings_are_integers_on_the_wire() -> None:
    rec = Recorder(lambda r: envelope({"ackCount": 2, "retryCount": 1, "warnings": []}))
    with QueuesClient(api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as q:
        acked = q.messages.ack(QID, acks=["l1", "l2"], retries=[("l3", 10)])
        rec.respond = _created
        q.consumers.create(QID, script_name="w", settings=ConsumerSettings(batch_size=50))
    assert isinstance(acked, MessagesAckResult)
    assert (acked.ack_count, acked.retry_count) == (2, 1) and isinstance(acked.ack_count, int)
    assert rec.json(0)["retries"] == [{"lease_id": "l3", "delay_seconds": 10}]
    assert rec.json(1)["settings"] == {"batch_size": 50}
