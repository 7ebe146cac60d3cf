"""Management client for Cloudflare Queues (cloudflarefs).

``QueuesClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.queues.management.aio`.
"""

from cloudflarefs.queues.management._client import QueuesClient
from cloudflarefs.queues.management._generated.models import (
    Consumer,
    ConsumerCreated,
    ConsumerUpdated,
    MessagesAckResult,
    Producer,
    Queue,
    QueueCreated,
    QueueMessage,
    QueueUpdated,
)
from cloudflarefs.queues.management._inputs import ConsumerSettings
from cloudflarefs.queues.management._resources import (
    QueuesConsumers,
    QueuesMessages,
    QueuesQueues,
)
from cloudflarefs.queues.management._version import __version__

__all__ = [
    "Consumer",
    "ConsumerCreated",
    "ConsumerSettings",
    "ConsumerUpdated",
    "MessagesAckResult",
    "Producer",
    "Queue",
    "QueueCreated",
    "QueueMessage",
    "QueueUpdated",
    "QueuesClient",
    "QueuesConsumers",
    "QueuesMessages",
    "QueuesQueues",
    "__version__",
]
