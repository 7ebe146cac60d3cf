"""The async Queues management client: ``from cloudflarefs.queues.management.aio import QueuesClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.queues.management._aio_resources import (
    QueuesConsumers,
    QueuesMessages,
    QueuesPurge,
    QueuesQueues,
    QueuesSubscriptions,
)
from cloudflarefs.queues.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "QueuesClient",
    "QueuesConsumers",
    "QueuesMessages",
    "QueuesPurge",
    "QueuesQueues",
    "QueuesSubscriptions",
]

USER_AGENT_PRODUCT = f"cloudflarefs-queues-management/{__version__}"


class QueuesClient(AsyncServiceClient):
    """Queues management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with QueuesClient(api_token="...", account_id="...") as q:  # doctest: +SKIP
        ...     async for queue in q.queues.list():
        ...         print(queue.queue_name)
    """

    user_agent_product = USER_AGENT_PRODUCT

    queues: QueuesQueues
    """Queues themselves."""
    consumers: QueuesConsumers
    """Consumers of a queue."""
    messages: QueuesMessages
    """Messages over HTTP: push, bulk push, pull, ack, peek and purge."""
    purge: QueuesPurge
    """Purging a whole queue and its status."""
    subscriptions: QueuesSubscriptions
    """Event subscriptions delivering product events to a queue."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.queues = QueuesQueues(http)
        self.consumers = QueuesConsumers(http)
        self.messages = QueuesMessages(http)
        self.purge = QueuesPurge(http)
        self.subscriptions = QueuesSubscriptions(http)
