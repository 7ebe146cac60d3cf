"""The sync Queues management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.queues.management._resources import (
    QueuesConsumers,
    QueuesMessages,
    QueuesQueues,
)
from cloudflarefs.queues.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "QueuesClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-queues-management/{__version__}"


class QueuesClient(ServiceClient):
    """Queues management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` set here is the default for every call;
    each method also takes ``account_id=``.

    Example:
        >>> with QueuesClient(api_token="...", account_id="...") as q:  # doctest: +SKIP
        ...     queue = q.queues.create("orders")
        ...     q.consumers.create(queue.queue_id, type="http_pull")
        ...     batch = q.messages.pull(queue.queue_id, batch_size=10)
        ...     q.messages.ack(queue.queue_id, acks=[m.lease_id for m in batch if m.lease_id])
    """

    user_agent_product = USER_AGENT_PRODUCT

    queues: QueuesQueues
    """Queues themselves."""
    consumers: QueuesConsumers
    """Consumers of a queue."""
    messages: QueuesMessages
    """Pulling and acknowledging messages (HTTP pull consumers)."""

    def _attach(self, http: HttpClient) -> None:
        self.queues = QueuesQueues(http)
        self.consumers = QueuesConsumers(http)
        self.messages = QueuesMessages(http)
