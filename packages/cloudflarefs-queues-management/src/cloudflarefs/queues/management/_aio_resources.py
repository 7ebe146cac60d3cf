"""Async resource groups of :class:`~cloudflarefs.queues.management.aio.QueuesClient`."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Literal

from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.queues.management._generated import aio as _gen
from cloudflarefs.queues.management._generated._transport import AsyncHttp
from cloudflarefs.queues.management._generated.models import (
    Consumer,
    ConsumerCreated,
    ConsumerUpdated,
    MessagesAckResult,
    Queue,
    QueueCreated,
    QueueMessage,
    QueuesCreateBody,
    QueuesUpdateBody,
    QueueUpdated,
)
from cloudflarefs.queues.management._inputs import (
    ConsumerSettings,
    ack_body,
    check_queue_name,
    consumer_body,
    pull_body,
    require_id,
)

__all__ = ["QueuesConsumers", "QueuesMessages", "QueuesQueues"]


class QueuesQueues:
    """Queues: list, get, create, rename (``update``), delete."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncQueuesQueues(http)

    def list(
        self, *, max_pages: int | None = None, account_id: str | None = None
    ) -> AsyncPager[Queue]:
        """Every queue of the account."""
        return self._gen.list(max_pages=max_pages, account_id=account_id)

    async def get(self, queue_id: str, *, account_id: str | None = None) -> Queue:
        """One queue with its producers and consumers."""
        return await self._gen.get(require_id("queue_id", queue_id), account_id=account_id)

    async def create(self, queue_name: str, *, account_id: str | None = None) -> QueueCreated:
        """Create a queue."""
        body = QueuesCreateBody(queue_name=check_queue_name(queue_name))
        return await self._gen.create(body=body, account_id=account_id)

    async def update(
        self, queue_id: str, *, queue_name: str, account_id: str | None = None
    ) -> QueueUpdated:
        """Rename a queue."""
        require_id("queue_id", queue_id)
        body = QueuesUpdateBody(queue_name=check_queue_name(queue_name))
        return await self._gen.update(queue_id, body=body, account_id=account_id)

    async def delete(self, queue_id: str, *, account_id: str | None = None) -> None:
        """Delete a queue."""
        await self._gen.delete(require_id("queue_id", queue_id), account_id=account_id)


class QueuesConsumers:
    """Consumers of a queue: Worker consumers and HTTP pull consumers."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncQueuesConsumers(http)

    def list(
        self, queue_id: str, *, max_pages: int | None = None, account_id: str | None = None
    ) -> AsyncPager[Consumer]:
        """Every consumer of a queue."""
        return self._gen.list(
            require_id("queue_id", queue_id), max_pages=max_pages, account_id=account_id
        )

    async def create(
        self,
        queue_id: str,
        *,
        script_name: str | None = None,
        type: Literal["worker", "http_pull"] | str = "worker",
        dead_letter_queue: str | None = None,
        environment: str | None = None,
        settings: ConsumerSettings | None = None,
        account_id: str | None = None,
    ) -> ConsumerCreated:
        """Attach a consumer: a Worker (``script_name``) or ``type="http_pull"``."""
        require_id("queue_id", queue_id)
        body = consumer_body(
            script_name=script_name,
            type_=type,
            dead_letter_queue=dead_letter_queue,
            environment=environment,
            settings=settings,
        )
        return await self._gen.create(queue_id, body=body, account_id=account_id)

    async def update(
        self,
        queue_id: str,
        consumer_id: str,
        *,
        script_name: str | None = None,
        type: Literal["worker", "http_pull"] | str = "worker",
        dead_letter_queue: str | None = None,
        environment: str | None = None,
        settings: ConsumerSettings | None = None,
        account_id: str | None = None,
    ) -> ConsumerUpdated:
        """Replace a consumer's configuration."""
        require_id("queue_id", queue_id)
        require_id("consumer_id", consumer_id)
        body = consumer_body(
            script_name=script_name,
            type_=type,
            dead_letter_queue=dead_letter_queue,
            environment=environment,
            settings=settings,
        )
        return await self._gen.update(queue_id, consumer_id, body=body, account_id=account_id)

    async def delete(
        self, queue_id: str, consumer_id: str, *, account_id: str | None = None
    ) -> None:
        """Detach a consumer."""
        require_id("queue_id", queue_id)
        await self._gen.delete(
            queue_id, require_id("consumer_id", consumer_id), account_id=account_id
        )


class QueuesMessages:
    """HTTP pull consumers: pull a batch, then ack or retry by lease id."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncQueuesMessages(http)

    async def pull(
        self,
        queue_id: str,
        *,
        batch_size: int | None = None,
        visibility_timeout_ms: int | None = None,
        account_id: str | None = None,
    ) -> builtins.list[QueueMessage]:
        """Lease up to ``batch_size`` (1-100) messages for ``visibility_timeout_ms``."""
        require_id("queue_id", queue_id)
        body = pull_body(batch_size, visibility_timeout_ms)
        return await self._gen.pull(queue_id, body=body, account_id=account_id)

    async def ack(
        self,
        queue_id: str,
        *,
        acks: Iterable[str] = (),
        retries: Iterable[str | tuple[str, int]] = (),
        account_id: str | None = None,
    ) -> MessagesAckResult:
        """Acknowledge leases; retry others, as ``lease_id`` or ``(lease_id, delay_seconds)``."""
        require_id("queue_id", queue_id)
        return await self._gen.ack(queue_id, body=ack_body(acks, retries), account_id=account_id)
