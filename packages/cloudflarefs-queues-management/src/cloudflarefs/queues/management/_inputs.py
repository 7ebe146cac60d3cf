"""Validated inputs for Queues: names, consumer settings, pull and ack arguments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import attrs

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty as require_id
from cloudflarefs.queues.management._generated.models import (
    ConsumersCreateBody,
    ConsumersCreateBodySettings,
    MessagesAckBody,
    MessagesAckBodyAcksItem,
    MessagesAckBodyRetriesItem,
    MessagesPullBody,
)

__all__ = [
    "ConsumerSettings",
    "ack_body",
    "check_queue_name",
    "consumer_body",
    "pull_body",
    "require_id",
]

_QUEUE_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
MAX_DELAY_SECONDS = 43_200
"""Retry delays are at most 12 hours."""


def check_queue_name(name: str) -> str:
    """Queue names: 1-63 lowercase letters, digits and dashes, not starting/ending with a dash."""
    require_id("queue_name", name)
    if not _QUEUE_NAME.match(name):
        raise InvalidInputError(
            "queue_name must be 1-63 lowercase letters, digits or dashes "
            f"(no leading/trailing dash), got {name!r}"
        )
    return name


def _in_range(name: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidInputError(f"{name} must be between {low} and {high}, got {value}")


@attrs.frozen(kw_only=True)
class ConsumerSettings:
    """How a consumer receives batches; ``None`` keeps the server default."""

    batch_size: int | None = None
    max_retries: int | None = None
    max_wait_time_ms: int | None = None
    max_concurrency: int | None = None
    retry_delay: int | None = None
    visibility_timeout_ms: int | None = None

    def to_input(self) -> ConsumersCreateBodySettings:
        """Validate against the documented limits and convert to the wire model."""
        _in_range("batch_size", self.batch_size, 1, 100)
        _in_range("max_retries", self.max_retries, 0, 100)
        _in_range("max_wait_time_ms", self.max_wait_time_ms, 0, 60_000)
        _in_range("max_concurrency", self.max_concurrency, 1, 250)
        _in_range("retry_delay", self.retry_delay, 0, MAX_DELAY_SECONDS)
        _in_range("visibility_timeout_ms", self.visibility_timeout_ms, 0, MAX_DELAY_SECONDS * 1000)
        wire = ConsumersCreateBodySettings()
        for field in attrs.fields(ConsumerSettings):
            value = getattr(self, field.name)
            if value is not None:
                setattr(wire, field.name, value)
        return wire


def consumer_body(
    *,
    script_name: str | None,
    type_: Literal["worker", "http_pull"] | str,
    dead_letter_queue: str | None,
    environment: str | None,
    settings: ConsumerSettings | None,
) -> ConsumersCreateBody:
    """The create/update consumer body, validated."""
    if type_ == "worker" and script_name is None:
        raise InvalidInputError("a worker consumer needs script_name")
    body = ConsumersCreateBody(type_=require_id("type", type_))
    if script_name is not None:
        body.script_name = require_id("script_name", script_name)
    if dead_letter_queue is not None:
        body.dead_letter_queue = check_queue_name(dead_letter_queue)
    if environment is not None:
        body.environment = require_id("environment", environment)
    if settings is not None:
        body.settings = settings.to_input()
    return body


def pull_body(batch_size: int | None, visibility_timeout_ms: int | None) -> MessagesPullBody:
    """The pull body: up to 100 messages, leased for up to 12 hours."""
    _in_range("batch_size", batch_size, 1, 100)
    _in_range("visibility_timeout_ms", visibility_timeout_ms, 1, MAX_DELAY_SECONDS * 1000)
    return MessagesPullBody(
        batch_size=batch_size if batch_size is not None else UNSET,
        visibility_timeout_ms=visibility_timeout_ms if visibility_timeout_ms is not None else UNSET,
    )


def ack_body(acks: Iterable[str], retries: Iterable[str | tuple[str, int]]) -> MessagesAckBody:
    """Acknowledge leases, and retry others (optionally after ``delay_seconds``)."""
    ack_items = [MessagesAckBodyAcksItem(lease_id=require_id("lease_id", a)) for a in acks]
    retry_items: list[MessagesAckBodyRetriesItem] = []
    for retry in retries:
        lease, delay = (retry, None) if isinstance(retry, str) else retry
        item = MessagesAckBodyRetriesItem(lease_id=require_id("lease_id", lease))
        if delay is not None:
            _in_range("delay_seconds", delay, 0, MAX_DELAY_SECONDS)
            item.delay_seconds = delay
        retry_items.append(item)
    if not ack_items and not retry_items:
        raise InvalidInputError("ack needs at least one lease id to ack or retry")
    return MessagesAckBody(acks=ack_items, retries=retry_items)
