"""Async resource groups of :class:`~cloudflarefs.queues.management.aio.QueuesClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``queues``
overlay); this module adds the consumer and message methods that build bodies (push and bulk push
encode and check message bodies, see ``_messages``). It is the one
hand-written copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any, Literal, Unpack

import cloudflarefs.queues.management._generated.aio as _gen
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.queues.management._generated.models import (
    ConsumerCreated,
    ConsumerUpdated,
    EventSourceInput,
    EventSubscription,
    MessagesAckResult,
    MessagesPurgeBody,
    MessagesPurgeBodyRefsItem,
    MessagesPurgeResult,
    PushResult,
    QueueMessage,
)
from cloudflarefs.queues.management._inputs import (
    ConsumerSettings,
    ack_body,
    consumer_body,
    pull_body,
)
from cloudflarefs.queues.management._messages import (
    ContentType,
    OutgoingMessage,
    bulk_push_body,
    message_input,
    pulled_messages,
    purge_refs,
)
from cloudflarefs.queues.management._subscriptions import (
    subscription_create_body,
    subscription_update_body,
)

__all__ = [
    "QueuesConsumers",
    "QueuesMessages",
    "QueuesPurge",
    "QueuesQueues",
    "QueuesSubscriptions",
]


class QueuesQueues(_gen.QueuesQueues):
    """Queues: list, get, create, rename (``update``), change settings (``edit``), metrics, delete."""


class QueuesPurge(_gen.QueuesPurge):
    """Purging a whole queue (``start``) and following it (``status``)."""


class QueuesSubscriptions(_gen.QueuesSubscriptions):
    """Event subscriptions: product events (Workflows, R2, KV, ...) delivered to a queue."""

    async def create(
        self,
        name: str,
        *,
        source: EventSourceInput,
        queue_id: str,
        events: Iterable[str],
        enabled: bool | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> EventSubscription:
        """Deliver ``events`` of ``source`` (e.g. a Workflow's instance events) to a queue.

        ``source`` names the product in ``type_`` (``"workflows.workflow"``, ``"r2"``, ...)
        and, where the product needs it, the resource (``workflow_name``, ``worker_name``, ...).
        """
        body = subscription_create_body(
            name, source=source, queue_id=queue_id, events=events, enabled=enabled
        )
        return await self._create(body=body, account_id=account_id, **options)

    async def update(
        self,
        subscription_id: str,
        *,
        name: str | None = None,
        queue_id: str | None = None,
        events: Iterable[str] | None = None,
        enabled: bool | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> EventSubscription:
        """Change a subscription's name, target queue, events or enabled flag (only those given)."""
        require_non_empty("subscription_id", subscription_id)
        body = subscription_update_body(
            name=name, queue_id=queue_id, events=events, enabled=enabled
        )
        return await self._update(subscription_id, body=body, account_id=account_id, **options)


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
    """Messages over HTTP: push and bulk push; pull, then ack or retry by lease id; peek and purge."""

    async def push(
        self,
        queue_id: str,
        body: Any,
        *,
        content_type: ContentType | None = None,
        delay_seconds: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> PushResult | None:
        """Send one message: ``str`` as text, bytes as bytes (base64 on the wire), else JSON.

        ``content_type`` forces the encoding (a body that does not fit it is rejected before
        any request); ``delay_seconds`` (0-43200) delays its delivery. Bodies are at most 128 KB.
        Returns the queue's backlog metrics when the API reports them, else ``None``.
        """
        require_non_empty("queue_id", queue_id)
        wire = message_input(body, content_type, delay_seconds)
        return await self._push(queue_id, body=wire, account_id=account_id, **options)

    async def bulk_push(
        self,
        queue_id: str,
        messages: Iterable[OutgoingMessage | Any],
        *,
        delay_seconds: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> PushResult | None:
        """Send 1-100 messages (256 KB in all) in one request.

        Items are :class:`OutgoingMessage` (body, content type, own delay) or plain bodies,
        encoded as :meth:`push` does; ``delay_seconds`` delays the whole batch.
        """
        require_non_empty("queue_id", queue_id)
        wire = bulk_push_body(messages, delay_seconds)
        return await self._bulk_push(queue_id, body=wire, account_id=account_id, **options)

    async def purge(
        self,
        queue_id: str,
        refs: Iterable[str],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> MessagesPurgeResult:
        """Delete peeked messages by their ``ref`` (from :meth:`peek`)."""
        require_non_empty("queue_id", queue_id)
        body = MessagesPurgeBody(
            refs=[MessagesPurgeBodyRefsItem(ref=ref) for ref in purge_refs(refs)]
        )
        return await self._purge(queue_id, body=body, account_id=account_id, **options)

    async def pull(
        self,
        queue_id: str,
        *,
        batch_size: int | None = None,
        visibility_timeout_ms: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[QueueMessage]:
        """Lease up to ``batch_size`` (1-100) messages for ``visibility_timeout_ms``.

        Each message carries its ``lease_id`` for :meth:`ack`. Today's API answers an object
        with the messages and backlog metrics, the 2024 API a bare list: both give the list.
        """
        require_non_empty("queue_id", queue_id)
        body = pull_body(batch_size, visibility_timeout_ms)
        return pulled_messages(
            await self._pull(queue_id, body=body, account_id=account_id, **options)
        )

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
