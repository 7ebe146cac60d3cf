"""Event subscription bodies: a named source, a target queue, and at least one event type."""

from __future__ import annotations

from collections.abc import Iterable

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.queues.management._generated.models import (
    EventDestinationInput,
    EventSourceInput,
    SubscriptionsCreateBody,
    SubscriptionsUpdateBody,
)

__all__ = ["subscription_create_body", "subscription_update_body"]


def _events(events: Iterable[str]) -> list[str]:
    if isinstance(events, str):
        raise InvalidInputTypeError("events must be an iterable of event types, not one string")
    out = [require_non_empty("event type", e) for e in events]
    if not out:
        raise InvalidInputError("a subscription needs at least one event type")
    return out


def _destination(queue_id: str) -> EventDestinationInput:
    return EventDestinationInput(
        queue_id=require_non_empty("queue_id", queue_id), type_="queues.queue"
    )


def subscription_create_body(
    name: str,
    *,
    source: EventSourceInput,
    queue_id: str,
    events: Iterable[str],
    enabled: bool | None,
) -> SubscriptionsCreateBody:
    """The create body: ``source`` (with its ``type_``) delivering ``events`` to ``queue_id``."""
    if not isinstance(source, EventSourceInput):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"source must be an EventSourceInput, got {type(source).__name__}"
        )
    require_non_empty("source type", source.type_)
    return SubscriptionsCreateBody(
        name=require_non_empty("name", name),
        source=source,
        destination=_destination(queue_id),
        events=_events(events),
        enabled=UNSET if enabled is None else enabled,
    )


def subscription_update_body(
    *,
    name: str | None,
    queue_id: str | None,
    events: Iterable[str] | None,
    enabled: bool | None,
) -> SubscriptionsUpdateBody:
    """The update body: only what is given; at least one change."""
    if name is None and queue_id is None and events is None and enabled is None:
        raise InvalidInputError("update needs at least one of name, queue_id, events, enabled")
    return SubscriptionsUpdateBody(
        name=UNSET if name is None else require_non_empty("name", name),
        destination=UNSET if queue_id is None else _destination(queue_id),
        events=UNSET if events is None else _events(events),
        enabled=UNSET if enabled is None else enabled,
    )
