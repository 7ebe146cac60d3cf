"""The sync Queues management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient
from cloudflarefs.queues.management._resources import (
    QueuesConsumers,
    QueuesMessages,
    QueuesQueues,
)
from cloudflarefs.queues.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "QueuesClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-queues-management/{__version__}"


class QueuesClient:
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

    queues: QueuesQueues
    """Queues themselves."""
    consumers: QueuesConsumers
    """Consumers of a queue."""
    messages: QueuesMessages
    """Pulling and acknowledging messages (HTTP pull consumers)."""

    def __init__(self, *, http: HttpClient | None = None, **http_kwargs: Any) -> None:
        if http is not None and http_kwargs:
            raise ConfigurationError(
                "pass either http= or HttpClient arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        self._owns_http = http is None
        if http is None:
            http_kwargs.setdefault("user_agent_product", USER_AGENT_PRODUCT)
            http = HttpClient(**http_kwargs)
        self._http = http
        self.queues = QueuesQueues(http)
        self.consumers = QueuesConsumers(http)
        self.messages = QueuesMessages(http)

    @property
    def http(self) -> HttpClient:
        """The HTTP client this client sends through."""
        return self._http

    def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(owns_http={self._owns_http})"
