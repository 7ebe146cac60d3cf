"""Pure conversion of Python-friendly arguments into the generated request models.

Shared by the sync and async resource groups; everything here validates first, so bad input
raises :class:`~cloudflarefs.core.errors.InvalidInputError` before any request exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.r2.management._generated.models import (
    BucketLocationInput,
    BucketsCreateBody,
    EventNotificationsUpdateBody,
    R2Action,
    RuleInput,
    StorageClassInput,
    TempAccessCredsRequest,
    TempAccessCredsRequestPermission,
)
from cloudflarefs.r2.management._validation import check_bucket_name, require_id

__all__ = ["NotificationRule", "bucket_create_body", "notification_body", "temp_creds_body"]

NotificationRule = RuleInput | Mapping[str, Any]
"""A rule as the generated ``RuleInput`` or a dict ``{"actions": [...], "prefix", "suffix",
"description"}``."""


def bucket_create_body(
    name: str,
    location_hint: BucketLocationInput | str | None,
    storage_class: StorageClassInput | str | None,
) -> BucketsCreateBody:
    """The body of ``POST /r2/buckets``."""
    return BucketsCreateBody(
        name=check_bucket_name(name),
        location_hint=BucketLocationInput(location_hint) if location_hint is not None else UNSET,
        storage_class=StorageClassInput(storage_class) if storage_class is not None else UNSET,
    )


def _rule(rule: NotificationRule) -> RuleInput:
    if isinstance(rule, RuleInput):
        actions = rule.actions
        out = rule
    else:
        raw_actions = rule.get("actions")
        if not isinstance(raw_actions, Sequence) or isinstance(raw_actions, str):
            raise InvalidInputError("each notification rule needs an 'actions' list")
        actions = [R2Action(str(a)) for a in raw_actions]  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
        unknown = set(rule) - {"actions", "prefix", "suffix", "description"}
        if unknown:
            raise InvalidInputError(f"unknown notification rule keys: {sorted(unknown)}")
        out = RuleInput(
            actions=actions,
            prefix=str(rule["prefix"]) if rule.get("prefix") is not None else UNSET,
            suffix=str(rule["suffix"]) if rule.get("suffix") is not None else UNSET,
            description=str(rule["description"]) if rule.get("description") is not None else UNSET,
        )
    if not actions:
        raise InvalidInputError("a notification rule needs at least one action")
    return out


def notification_body(rules: Sequence[NotificationRule]) -> EventNotificationsUpdateBody:
    """The body of ``PUT .../configuration/queues/{queue_id}``."""
    if not rules:
        raise InvalidInputError("pass at least one notification rule")
    return EventNotificationsUpdateBody(rules=[_rule(r) for r in rules])


def temp_creds_body(
    *,
    bucket: str,
    parent_access_key_id: str,
    permission: TempAccessCredsRequestPermission | str,
    ttl_seconds: float,
    objects: Sequence[str] | None,
    prefixes: Sequence[str] | None,
) -> TempAccessCredsRequest:
    """The body of ``POST /r2/temp-access-credentials``."""
    if ttl_seconds <= 0:
        raise InvalidInputError(f"ttl_seconds must be positive, got {ttl_seconds!r}")
    return TempAccessCredsRequest(
        bucket=require_id("bucket", bucket),
        parent_access_key_id=require_id("parent_access_key_id", parent_access_key_id),
        permission=TempAccessCredsRequestPermission(permission),
        ttl_seconds=ttl_seconds,
        objects=list(objects) if objects is not None else UNSET,
        prefixes=list(prefixes) if prefixes is not None else UNSET,
    )
