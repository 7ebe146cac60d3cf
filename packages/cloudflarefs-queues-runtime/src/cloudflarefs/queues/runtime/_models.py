"""Producer-side value types: send requests, metrics and send results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from cloudflarefs.queues.runtime._limits import ContentType


@attrs.frozen
class MessageSendRequest:
    """One message for :meth:`Queue.send_batch`.

    ``content_type`` defaults to one inferred from the body (bytes-likes → ``"bytes"``,
    ``str`` → ``"text"``, anything else → ``"json"``).
    """

    body: Any
    """The message body."""
    content_type: ContentType | None = attrs.field(default=None, kw_only=True)
    """How to serialize ``body``; ``None`` infers it."""
    delay_seconds: int | None = attrs.field(default=None, kw_only=True)
    """Delay before delivery (0..43200); overrides the batch-wide delay."""


@attrs.frozen(kw_only=True)
class QueueMetrics:
    """A queue's backlog as the producer binding reports it."""

    backlog_count: int
    """Messages waiting in the queue."""
    backlog_bytes: int
    """Total size of those messages."""
    oldest_message_timestamp: dt.datetime | None = None
    """When the oldest waiting message was sent (UTC), if any."""


@attrs.frozen(kw_only=True)
class QueueSendResult:
    """What ``send``/``send_batch`` report; ``metrics`` is ``None`` when the runtime sends none."""

    metrics: QueueMetrics | None = None
    """Backlog after the send."""


def _timestamp(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, int | float) and value > 0:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    return None


def metrics_from_py(data: Any) -> QueueMetrics | None:
    """``QueueMetrics`` from the codec's conversion of a JS metrics object."""
    if not isinstance(data, Mapping):
        return None
    fields: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    return QueueMetrics(
        backlog_count=int(fields.get("backlogCount") or 0),
        backlog_bytes=int(fields.get("backlogBytes") or 0),
        oldest_message_timestamp=_timestamp(fields.get("oldestMessageTimestamp")),
    )


def send_result_from_py(data: Any) -> QueueSendResult:
    """``QueueSendResult`` from ``{metadata: {metrics}}`` (or nothing, in older runtimes)."""
    return QueueSendResult(metrics=metrics_from_py(get_key(get_key(data, "metadata"), "metrics")))


def get_key(data: Any, key: str) -> Any:
    if not isinstance(data, Mapping):
        return None
    fields: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    return fields.get(key)
