"""Async resource groups of :class:`~cloudflarefs.queues.management.aio.QueuesClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``queues``
overlay); this module adds the consumer and message methods that build bodies. It is the one
hand-written copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Literal, Unpack

import cloudflarefs.queues.management._generated.aio as _gen
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.queues.management._generated.models import (
    ConsumerCreated,
    ConsumerUpdated,
    MessagesAckResult,
    QueueMessage,
)
from cloudflarefs.queues.management._inputs import (
    ConsumerSettings,
    ack_body,
    consumer_body,
    pull_body,
)

__all__ = ["QueuesConsumers", "QueuesMessages", "QueuesQueues"]


class QueuesQueues(_gen.QueuesQueues):
    """Queues: list, get, create, rename (``update``), delete."""


class QueuesConsumers(_gen.QueuesConsumers):
    """Consumers of a queue: Worker consumers and HTTP pull consumers."""

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
        **options: Unpack[RequestOptions],
    ) -> ConsumerCreated:
        """Attach a consumer: a Worker (``script_name``) or ``type="http_pull"``."""
        require_non_empty("queue_id", queue_id)
        body = consumer_body(
            script_name=script_name,
            type_=type,
            dead_letter_queue=dead_letter_queue,
            environment=environment,
            settings=settings,
        )
        return await self._create(queue_id, body=body, account_id=account_id, **options)

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
        **options: Unpack[RequestOptions],
    ) -> ConsumerUpdated:
        """Replace a consumer's configuration."""
        require_non_empty("queue_id", queue_id)
        require_non_empty("consumer_id", consumer_id)
        body = consumer_body(
            script_name=script_name,
            type_=type,
            dead_letter_queue=dead_letter_queue,
            environment=environment,
            settings=settings,
        )
        return await self._update(
            queue_id, consumer_id, body=body, account_id=account_id, **options
        )


class QueuesMessages(_gen.QueuesMessages):
    """HTTP pull consumers: pull a batch, then ack or retry by lease id."""

    async def pull(
        self,
        queue_id: str,
        *,
        batch_size: int | None = None,
        visibility_timeout_ms: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[QueueMessage]:
        """Lease up to ``batch_size`` (1-100) messages for ``visibility_timeout_ms``."""
        require_non_empty("queue_id", queue_id)
        body = pull_body(batch_size, visibility_timeout_ms)
        return await self._pull(queue_id, body=body, account_id=account_id, **options)

    async def ack(
        self,
        queue_id: str,
        *,
        acks: Iterable[str] = (),
        retries: Iterable[str | tuple[str, int]] = (),
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> MessagesAckResult:
        """Acknowledge leases; retry others, as ``lease_id`` or ``(lease_id, delay_seconds)``."""
        require_non_empty("queue_id", queue_id)
        return await self._ack(
            queue_id, body=ack_body(acks, retries), account_id=account_id, **options
        )
