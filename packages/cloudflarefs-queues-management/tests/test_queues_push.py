"""Push, bulk push, peek and purge over httpx.MockTransport: wire bodies and bad input."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.queues.management import (
    EventSourceInput,
    OutgoingMessage,
    PushResult,
    QueuesClient,
)
from cloudflarefs.queues.management.aio import QueuesClient as AsyncQueuesClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
QID = "0123456789abcdef0123456789abcdef"
BASE = f"/client/v4/accounts/{ACCOUNT}/queues/{QID}"
METRICS = {
    "metadata": {
        "metrics": {
            "backlog_bytes": 10,
            "backlog_count": 1,
            "oldest_message_timestamp_ms": 0,
            "new": 1,
        }
    }
}


def client(rec: Recorder) -> QueuesClient:
    return QueuesClient(api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_push_infers_the_content_type_and_base64_encodes_bytes() -> None:
    rec = Recorder(lambda r: envelope(METRICS))
    with client(rec) as q:
        result = q.messages.push(QID, "hi")
        q.messages.push(QID, {"a": [1, None]}, delay_seconds=5)
        q.messages.push(QID, b"\x00\xff")
        q.messages.push(QID, "[1]", content_type="text")
    assert isinstance(result, PushResult)
    assert result.metadata is not None and result.metadata.metrics is not None
    assert result.metadata.metrics.backlog_count == 1
    assert result.metadata.metrics.extra == {"new": 1}  # unknown fields kept
    assert [(r.method, r.url.path) for r in rec.requests] == [("POST", f"{BASE}/messages")] * 4
    assert [rec.json(i) for i in range(4)] == [
        {"body": "hi", "content_type": "text"},
        {"body": {"a": [1, None]}, "content_type": "json", "delay_seconds": 5},
        {"body": base64.b64encode(b"\x00\xff").decode(), "content_type": "bytes"},
        {"body": "[1]", "content_type": "text"},
    ]


def test_bulk_push_mixes_plain_bodies_and_outgoing_messages() -> None:
    rec = Recorder(lambda r: envelope(METRICS))
    with client(rec) as q:
        q.messages.bulk_push(
            QID,
            [
                "a",
                3,
                OutgoingMessage(body=b"x", delay_seconds=2),
                OutgoingMessage(body="7", content_type="json"),
            ],
            delay_seconds=60,
        )
    assert rec.requests[0].url.path == f"{BASE}/messages/batch"
    assert rec.json() == {
        "delay_seconds": 60,
        "messages": [
            {"body": "a", "content_type": "text"},
            {"body": 3, "content_type": "json"},
            {"body": "eA==", "content_type": "bytes", "delay_seconds": 2},
            {"body": "7", "content_type": "json"},
        ],
    }


async def test_async_peek_then_purge_by_ref() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/peek"):
            return envelope({"messages": [{"id": "m1", "body": "hi", "ref": "r1", "attempts": 1}]})
        return envelope({"errors": [], "warnings": {"r1": "already gone"}})

    rec = Recorder(respond)
    async with AsyncQueuesClient(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as q:
        peeked = await q.messages.peek(QID, batch_size=5)
        assert peeked.messages is not None
        purged = await q.messages.purge(QID, [m.ref for m in peeked.messages if m.ref])
    assert purged.warnings == {"r1": "already gone"}
    assert [json.loads(r.content) for r in rec.requests] == [
        {"batch_size": 5},
        {"refs": [{"ref": "r1"}]},
    ]


BAD_INPUT: list[tuple[Callable[[QueuesClient], object], type[Exception], str]] = [
    (
        lambda q: q.messages.push(QID, 5, content_type="text"),
        InvalidInputTypeError,
        "text message body must be a str",
    ),
    (
        lambda q: q.messages.push(QID, "s", content_type="bytes"),
        InvalidInputTypeError,
        "bytes message body",
    ),
    (lambda q: q.messages.push(QID, {1, 2}), InvalidInputError, "JSON-serialisable"),
    (lambda q: q.messages.push(QID, math.nan), InvalidInputError, "JSON-serialisable"),
    (
        lambda q: q.messages.push(QID, "x", content_type="v8"),  # pyright: ignore[reportArgumentType]
        InvalidInputError,
        "content_type must be",
    ),
    (
        lambda q: q.messages.push(QID, "x" * (128 * 1024 + 1)),
        InvalidInputError,
        "at most 131072 bytes",
    ),
    (
        lambda q: q.messages.push(QID, "x", delay_seconds=43_201),
        InvalidInputError,
        "delay_seconds",
    ),
    (
        lambda q: q.messages.push(QID, "x", delay_seconds=True),
        InvalidInputTypeError,
        "delay_seconds",
    ),
    (lambda q: q.messages.push("", "x"), InvalidInputError, "queue_id"),
    (lambda q: q.messages.bulk_push(QID, []), InvalidInputError, "1-100 messages"),
    (lambda q: q.messages.bulk_push(QID, ["x"] * 101), InvalidInputError, "1-100 messages"),
    (lambda q: q.messages.bulk_push(QID, "abc"), InvalidInputTypeError, "not one body"),
    (
        lambda q: q.messages.bulk_push(QID, ["x" * 100_000] * 3),
        InvalidInputError,
        "batch is at most",
    ),
    (lambda q: q.messages.peek(QID, batch_size=0), InvalidInputError, "batch_size"),
    (lambda q: q.messages.purge(QID, []), InvalidInputError, "at least one ref"),
    (lambda q: q.messages.purge(QID, "ref"), InvalidInputTypeError, "not one string"),
    (lambda q: q.messages.purge(QID, [""]), InvalidInputError, "non-empty"),
    (lambda q: q.queues.edit(QID, queue_name="Bad Name"), InvalidInputError, "lowercase"),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUT)
def test_bad_input_is_rejected_before_any_request(
    call: Callable[[QueuesClient], object], error: type[Exception], match: str
) -> None:
    rec = Recorder(lambda r: envelope(METRICS))
    with client(rec) as q, pytest.raises(error, match=match):
        call(q)
    assert rec.requests == []


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(body=st.one_of(st.text(), st.binary(), _json))
def test_any_body_round_trips_through_its_wire_form(body: Any) -> None:
    rec = Recorder(lambda r: envelope(METRICS))
    with client(rec) as q:
        q.messages.push(QID, body)
    sent = rec.json()
    if isinstance(body, str):
        assert sent == {"body": body, "content_type": "text"}
    elif isinstance(body, bytes):
        assert base64.b64decode(sent["body"]) == body and sent["content_type"] == "bytes"
    else:
        assert sent["content_type"] == "json" and sent["body"] == json.loads(json.dumps(body))


def test_pull_takes_the_messages_from_todays_object_answer() -> None:
    answer = {
        "message_backlog_count": 3,
        "messages": [{"id": "m1", "body": "hi", "lease_id": "L1", "attempts": 1}],
        "metadata": {
            "metrics": {"backlog_bytes": 2, "backlog_count": 3, "oldest_message_timestamp_ms": 0}
        },
    }
    rec = Recorder(lambda r: envelope(answer))
    with client(rec) as q:
        [message] = q.messages.pull(QID, batch_size=1)
    assert (message.body, message.lease_id, message.attempts) == ("hi", "L1", 1)


def test_pull_reports_an_answer_of_neither_shape() -> None:
    rec = Recorder(lambda r: envelope("nope"))
    with client(rec) as q, pytest.raises(ResponseDecodeError):
        q.messages.pull(QID)


def test_subscription_bodies_name_the_target_queue() -> None:
    sub = {
        "id": "s1",
        "created_at": "2025-05-01T12:00:00Z",
        "modified_at": "2025-05-01T12:00:00Z",
        "name": "wf",
        "enabled": True,
        "events": ["instance.completed"],
        "source": {"type": "workflows.workflow", "workflow_name": "orders", "future": 1},
        "destination": {"queue_id": QID, "type": "queues.queue"},
    }
    rec = Recorder(lambda r: envelope(sub))
    with client(rec) as q:
        created = q.subscriptions.create(
            "wf",
            source=EventSourceInput(type_="workflows.workflow", workflow_name="orders"),
            queue_id=QID,
            events=("instance.completed",),
        )
        q.subscriptions.update("s1", enabled=False)
    assert created.source.workflow_name == "orders" and created.source.extra == {"future": 1}
    assert [json.loads(r.content) for r in rec.requests] == [
        {
            "name": "wf",
            "source": {"type": "workflows.workflow", "workflow_name": "orders"},
            "destination": {"queue_id": QID, "type": "queues.queue"},
            "events": ["instance.completed"],
        },
        {"enabled": False},
    ]


SUBSCRIPTION_BAD_INPUT: list[tuple[Callable[[QueuesClient], object], type[Exception], str]] = [
    (
        lambda q: q.subscriptions.create(
            "wf", source=EventSourceInput(type_="kv"), queue_id=QID, events=[]
        ),
        InvalidInputError,
        "at least one event",
    ),
    (
        lambda q: q.subscriptions.create(
            "wf", source=EventSourceInput(type_="kv"), queue_id=QID, events="x"
        ),
        InvalidInputTypeError,
        "not one string",
    ),
    (
        lambda q: q.subscriptions.create(
            "wf", source=EventSourceInput(type_="kv"), queue_id="", events=["x"]
        ),
        InvalidInputError,
        "queue_id",
    ),
    (
        lambda q: q.subscriptions.create("wf", source={"type": "kv"}, queue_id=QID, events=["x"]),  # pyright: ignore[reportArgumentType]
        InvalidInputTypeError,
        "EventSourceInput",
    ),
    (lambda q: q.subscriptions.update("s1"), InvalidInputError, "at least one of"),
    (lambda q: q.subscriptions.update("", enabled=True), InvalidInputError, "subscription_id"),
]


@pytest.mark.parametrize(("call", "error", "match"), SUBSCRIPTION_BAD_INPUT)
def test_bad_subscription_input_is_rejected_before_any_request(
    call: Callable[[QueuesClient], object], error: type[Exception], match: str
) -> None:
    rec = Recorder(lambda r: envelope(None))
    with client(rec) as q, pytest.raises(error, match=match):
        call(q)
    assert rec.requests == []
