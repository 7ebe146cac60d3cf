"""Behaviour of QueuesClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, InvalidInputError
from cloudflarefs.queues.management import ConsumerSettings, Queue, QueuesClient
from cloudflarefs.queues.management.aio import QueuesClient as AsyncQueuesClient
from cloudflarefs.testing.http import FAILURE_BODY, Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
QID = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
BASE = f"/client/v4/accounts/{ACCOUNT}/queues"
QUEUE = {"queue_id": QID, "queue_name": "example-queue", "created_on": "2022-01-01T00:00:00Z"}


def sync_client(rec: Recorder) -> QueuesClient:
    return QueuesClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_queue_crud_bodies_and_paths() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == BASE:
            return envelope(
                [QUEUE],
                result_info={
                    "page": 1,
                    "per_page": 20,
                    "count": 1,
                    "total_count": 1,
                    "total_pages": 1,
                },
            )
        return envelope(None if request.method == "DELETE" else QUEUE)

    rec = Recorder(respond)
    with sync_client(rec) as q:
        queues = q.queues.list().to_list()
        created = q.queues.create("example-queue")
        q.queues.update(QID, queue_name="renamed-queue")
        fetched = q.queues.get(QID)
        q.queues.delete(QID)
    assert [x.queue_name for x in queues] == ["example-queue"]
    assert isinstance(fetched, Queue)
    assert created.queue_id == QID
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("GET", BASE),
        ("POST", BASE),
        ("PUT", f"{BASE}/{QID}"),
        ("GET", f"{BASE}/{QID}"),
        ("DELETE", f"{BASE}/{QID}"),
    ]
    assert json.loads(rec.requests[1].content) == {"queue_name": "example-queue"}
    assert json.loads(rec.requests[2].content) == {"queue_name": "renamed-queue"}


def test_consumer_create_update_list_delete() -> None:
    consumer = {
        "queue_name": "example-queue",
        "script_name": "my-consumer-worker",
        "settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000},
    }

    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return envelope([{"queue_name": "example-queue", "service": "my-consumer-worker"}])
        return envelope(None if request.method == "DELETE" else consumer)

    rec = Recorder(respond)
    with sync_client(rec) as q:
        created = q.consumers.create(
            QID,
            script_name="my-consumer-worker",
            dead_letter_queue="example-dlq",
            settings=ConsumerSettings(batch_size=10, max_retries=3, max_wait_time_ms=5000),
        )
        q.consumers.update(
            QID, "c1", type="http_pull", settings=ConsumerSettings(visibility_timeout_ms=6000)
        )
        listed = list(q.consumers.list(QID))
        q.consumers.delete(QID, "c1")
    assert created.settings is not None
    assert created.settings.batch_size == 10
    assert listed[0].service == "my-consumer-worker"
    assert json.loads(rec.requests[0].content) == {
        "type": "worker",
        "script_name": "my-consumer-worker",
        "dead_letter_queue": "example-dlq",
        "settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000},
    }
    assert json.loads(rec.requests[1].content) == {
        "type": "http_pull",
        "settings": {"visibility_timeout_ms": 6000},
    }
    assert [(r.method, r.url.path) for r in rec.requests[1:]] == [
        ("PUT", f"{BASE}/{QID}/consumers/c1"),
        ("GET", f"{BASE}/{QID}/consumers"),
        ("DELETE", f"{BASE}/{QID}/consumers/c1"),
    ]


async def test_async_pull_then_ack_and_retry() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/pull"):
            return envelope(
                [
                    {"id": "m1", "body": "hello", "lease_id": "L1", "attempts": 1},
                    {"id": "m2", "body": "again", "lease_id": "L2", "attempts": 1},
                ]
            )
        return envelope({"ackCount": 1, "retryCount": 1, "warnings": []})

    rec = Recorder(respond)
    async with AsyncQueuesClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as q:
        batch = await q.messages.pull(QID, batch_size=2, visibility_timeout_ms=6000)
        result = await q.messages.ack(QID, acks=["L1"], retries=[("L2", 30)])
    assert [m.body for m in batch] == ["hello", "again"]
    assert (result.ack_count, result.retry_count) == (1, 1)
    assert json.loads(rec.requests[0].content) == {"batch_size": 2, "visibility_timeout_ms": 6000}
    assert json.loads(rec.requests[1].content) == {
        "acks": [{"lease_id": "L1"}],
        "retries": [{"lease_id": "L2", "delay_seconds": 30}],
    }
    assert rec.requests[1].url.path == f"{BASE}/{QID}/messages/ack"


def test_success_false_raises() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    with sync_client(rec) as q, pytest.raises(APIStatusError) as caught:
        q.queues.get(QID)
    assert caught.value.errors[0].message == "No route for the URI"


BAD_CALLS: list[tuple[str, Callable[[QueuesClient], object]]] = [
    ("empty queue id", lambda q: q.queues.get("")),
    ("uppercase name", lambda q: q.queues.create("Orders")),
    ("name too long", lambda q: q.queues.create("a" * 64)),
    ("trailing dash", lambda q: q.queues.update(QID, queue_name="orders-")),
    ("worker consumer without script", lambda q: q.consumers.create(QID)),
    (
        "batch size over 100",
        lambda q: q.consumers.create(
            QID, script_name="w", settings=ConsumerSettings(batch_size=101)
        ),
    ),
    (
        "bad dead letter queue",
        lambda q: q.consumers.create(QID, script_name="w", dead_letter_queue=""),
    ),
    ("empty consumer id", lambda q: q.consumers.delete(QID, "")),
    ("pull batch over 100", lambda q: q.messages.pull(QID, batch_size=500)),
    ("ack nothing", lambda q: q.messages.ack(QID)),
    ("ack empty lease", lambda q: q.messages.ack(QID, acks=[""])),
    ("retry delay over 12h", lambda q: q.messages.ack(QID, retries=[("L", 50_000)])),
]


@pytest.mark.parametrize(("label", "call"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_rejected_before_any_request(
    label: str, call: Callable[[QueuesClient], object]
) -> None:
    rec = Recorder(lambda r: envelope(QUEUE))
    with sync_client(rec) as q, pytest.raises(InvalidInputError):
        call(q)
    assert rec.requests == []


def test_user_agent_names_the_package() -> None:
    rec = Recorder(lambda r: envelope(QUEUE))
    with sync_client(rec) as q:
        q.queues.get(QID)
    assert "cloudflarefs-queues-management/" in rec.requests[0].headers["user-agent"]
