"""Host-CPython unit tests for Queues' pure parts: limits, content types, result parsing."""

import datetime as dt

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.queues.runtime import MessageSendRequest, Queue, QueueMetrics
from cloudflarefs.queues.runtime._limits import (
    body_size,
    check_delay,
    check_message_size,
    infer_content_type,
)
from cloudflarefs.queues.runtime._models import metrics_from_py, send_result_from_py


def test_delay_bounds() -> None:
    assert check_delay(None) is None
    assert check_delay(0) == 0 and check_delay(43_200) == 43_200
    for bad in (-1, 43_201, True, 1.5, "5"):
        with pytest.raises(InvalidInputError, match="delay_seconds"):
            check_delay(bad)


def test_content_type_inference_and_sizes() -> None:
    assert [infer_content_type(b) for b in (b"x", bytearray(), "s", {"a": 1}, 1)] == [
        "bytes",
        "bytes",
        "text",
        "json",
        "json",
    ]
    assert body_size("é", "text", "m") == 2
    assert body_size(memoryview(b"abc"), "bytes", "m") == 3
    assert body_size({"a": "é"}, "json", "m") == len('{"a":"é"}'.encode())
    assert body_size({1, 2}, "v8", "m") is None  # unknown: the runtime enforces it
    for body, kind in (("x", "bytes"), (b"x", "text"), ({1}, "json"), ("x", "xml")):
        with pytest.raises(InvalidInputError):
            body_size(body, kind, "m")  # type: ignore[arg-type]
    check_message_size(128_000, "m")
    with pytest.raises(InvalidInputError, match="128000-byte"):
        check_message_size(128_001, "m")


def test_metrics_and_send_result_parsing() -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    metrics = QueueMetrics(backlog_count=2, backlog_bytes=30, oldest_message_timestamp=when)
    raw = {"backlogCount": 2, "backlogBytes": 30, "oldestMessageTimestamp": when}
    assert metrics_from_py(raw) == metrics
    epoch_ms = {**raw, "oldestMessageTimestamp": when.timestamp() * 1000}
    assert metrics_from_py(epoch_ms) == metrics
    assert metrics_from_py(None) is None
    assert send_result_from_py({"metadata": {"metrics": raw}}).metrics == metrics
    assert send_result_from_py(None).metrics is None


def test_send_request_defaults_and_constructor() -> None:
    request = MessageSendRequest({"a": 1})
    assert (request.content_type, request.delay_seconds) == (None, None)
    with pytest.raises(InvalidInputError):
        Queue(None)
