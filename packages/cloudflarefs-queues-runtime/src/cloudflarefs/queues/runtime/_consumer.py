"""Typed consumer side: ``MessageBatch`` and ``Message`` over the JS batch."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import from_js, js_errors, to_js
from cloudflarefs.queues.runtime._limits import check_delay
from cloudflarefs.queues.runtime._models import QueueMetrics, get_key, metrics_from_py

Settlement = Literal["ack", "retry"]
"""How a message was settled by this handler invocation."""


def _retry_options(delay_seconds: int | None) -> Any:
    return None if delay_seconds is None else to_js({"delaySeconds": delay_seconds})


def _timestamp(value: Any) -> dt.datetime:
    converted = from_js(value)
    if isinstance(converted, dt.datetime):
        return converted
    if isinstance(converted, int | float):
        return dt.datetime.fromtimestamp(converted / 1000, tz=dt.UTC)
    raise ResponseDecodeError(f"message timestamp is not a Date: {type(converted).__name__}")


class Message:
    """One delivered message: its id, send time, Python body and attempt count.

    ``body`` is converted once: JSON objects → ``dict``, text → ``str``, bytes → ``bytes``
    (copied), V8 values → their Python equivalents.
    """

    __slots__ = ("_js", "attempts", "body", "id", "settled", "timestamp")

    def __init__(self, js_message: Any) -> None:
        self._js: Any = js_message
        self.id: str = str(js_message.id)
        """The message id (stable across retries)."""
        self.timestamp: dt.datetime = _timestamp(js_message.timestamp)
        """When the message was sent (aware UTC)."""
        self.body: Any = from_js(js_message.body, objects="all")
        """The body as Python."""
        self.attempts: int = int(js_message.attempts)
        """Delivery attempts so far, counting this one (starts at 1)."""
        self.settled: Settlement | None = None
        """``"ack"`` or ``"retry"`` once this handler settled the message, else ``None``."""

    def __repr__(self) -> str:
        return f"Message(id={self.id!r}, attempts={self.attempts}, settled={self.settled!r})"

    def ack(self) -> None:
        """Mark the message delivered: it is not retried even if the batch later fails."""
        with js_errors():
            self._js.ack()
        self.settled = "ack"

    def retry(self, *, delay_seconds: int | None = None) -> None:
        """Redeliver the message later (after ``delay_seconds``, 0..43200, if given)."""
        delay = check_delay(delay_seconds)
        options = _retry_options(delay)
        with js_errors():
            if options is None:
                self._js.retry()
            else:
                self._js.retry(options)
        self.settled = "retry"


class MessageBatch:
    """A typed view of the batch a ``queue`` handler receives: ``MessageBatch(batch)``."""

    __slots__ = ("_js", "messages", "metrics", "queue")

    def __init__(self, js_batch: Any) -> None:
        if js_batch is None:
            raise InvalidInputError("MessageBatch needs the JS batch given to the queue handler")
        self._js: Any = js_batch
        self.queue: str = str(js_batch.queue)
        """Name of the queue the batch came from."""
        self.messages: list[Message] = [Message(m) for m in js_batch.messages]
        """The messages, in delivery order."""
        metadata: Any = from_js(getattr(js_batch, "metadata", None), objects="all")
        self.metrics: QueueMetrics | None = metrics_from_py(get_key(metadata, "metrics"))
        """Backlog metrics when the runtime provides them, else ``None``."""

    def __repr__(self) -> str:
        return f"MessageBatch(queue={self.queue!r}, messages={len(self.messages)})"

    def __len__(self) -> int:
        return len(self.messages)

    def ack_all(self) -> None:
        """Acknowledge every message of the batch."""
        with js_errors():
            self._js.ackAll()
        for message in self.messages:
            message.settled = "ack"

    def retry_all(self, *, delay_seconds: int | None = None) -> None:
        """Redeliver every message later (after ``delay_seconds``, 0..43200, if given)."""
        delay = check_delay(delay_seconds)
        options = _retry_options(delay)
        with js_errors():
            if options is None:
                self._js.retryAll()
            else:
                self._js.retryAll(options)
        for message in self.messages:
            message.settled = "retry"
