"""Management client for Cloudflare Queues (cloudflarefs).

``QueuesClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.queues.management.aio`.
"""

from cloudflarefs.queues.management._client import QueuesClient
from cloudflarefs.queues.management._generated.models import (
    Consumer,
    ConsumerCreated,
    ConsumerUpdated,
    EventDestination,
    EventDestinationInput,
    EventSource,
    EventSourceInput,
    EventSubscription,
    MessagesAckResult,
    MessagesPeekResult,
    MessagesPurgeResult,
    PeekedMessage,
    Producer,
    PurgeStatusResult,
    PushResult,
    Queue,
    QueueCreated,
    QueueMessage,
    QueueMetrics,
    QueueSettings,
    QueueSettingsInput,
    QueueUpdated,
)
from cloudflarefs.queues.management._inputs import ConsumerSettings
from cloudflarefs.queues.management._messages import ContentType, OutgoingMessage
from cloudflarefs.queues.management._resources import (
    QueuesConsumers,
    QueuesMessages,
    QueuesPurge,
    QueuesQueues,
    QueuesSubscriptions,
)
from cloudflarefs.queues.management._version import __version__

__all__ = [
    "Consumer",
    "ConsumerCreated",
    "ConsumerSettings",
    "ConsumerUpdated",
    "ContentType",
    "EventDestination",
    "EventDestinationInput",
    "EventSource",
    "EventSourceInput",
    "EventSubscription",
    "MessagesAckResult",
    "MessagesPeekResult",
    "MessagesPurgeResult",
    "OutgoingMessage",
    "PeekedMessage",
    "Producer",
    "PurgeStatusResult",
    "PushResult",
    "Queue",
    "QueueCreated",
    "QueueMessage",
    "QueueMetrics",
    "QueueSettings",
    "QueueSettingsInput",
    "QueueUpdated",
    "QueuesClient",
    "QueuesConsumers",
    "QueuesMessages",
    "QueuesPurge",
    "QueuesQueues",
    "QueuesSubscriptions",
    "__version__",
]
