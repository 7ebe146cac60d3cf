"""Typed Cloudflare Queues bindings for Python Workers: producer and consumer.

Producer::

    from cloudflarefs.queues.runtime import Queue

    await Queue(env.JOBS).send({"job": 1}, delay_seconds=30)

Consumer::

    from cloudflarefs.queues.runtime import Message, message_handler

    @message_handler(retry_delay=lambda m: min(2**m.attempts, 3600))
    async def on_queue(message: Message, env, ctx):
        ...  # returns → acked; raises → retried
"""

from cloudflarefs.queues.runtime._consumer import Message, MessageBatch, Settlement
from cloudflarefs.queues.runtime._handler import (
    OnError,
    QueueHandler,
    RetryDelay,
    message_handler,
    queue_handler,
)
from cloudflarefs.queues.runtime._limits import (
    MAX_BATCH_BYTES,
    MAX_BATCH_MESSAGES,
    MAX_DELAY_SECONDS,
    MAX_MESSAGE_BYTES,
    ContentType,
)
from cloudflarefs.queues.runtime._models import MessageSendRequest, QueueMetrics, QueueSendResult
from cloudflarefs.queues.runtime._producer import Queue
from cloudflarefs.queues.runtime._version import __version__

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_MESSAGES",
    "MAX_DELAY_SECONDS",
    "MAX_MESSAGE_BYTES",
    "ContentType",
    "Message",
    "MessageBatch",
    "MessageSendRequest",
    "OnError",
    "Queue",
    "QueueHandler",
    "QueueMetrics",
    "QueueSendResult",
    "RetryDelay",
    "Settlement",
    "__version__",
    "message_handler",
    "queue_handler",
]
