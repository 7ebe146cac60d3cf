"""Handwritten result types of the R2 client."""

from __future__ import annotations

from typing import Any

import attrs

from cloudflarefs.core.converter import extra_field
from cloudflarefs.r2.management._generated.models import Rule, TempAccessCredsResponse

__all__ = ["Detail", "TemporaryCredentials"]


@attrs.frozen(kw_only=True)
class Detail:
    """Deprecated: a queue's entry in the 2024 spec's notification configuration.

    .. deprecated::
        The API no longer answers with this shape: ``event_notifications.get`` returns a
        :class:`~cloudflarefs.r2.management.BucketConfig` whose ``queues`` are
        :class:`~cloudflarefs.r2.management.QueueNotificationConfig`. Kept so existing imports
        keep working; nothing returns it.
    """

    queue: str
    """Queue ID that received the notifications."""
    rules: list[Rule]
    """The rules driving the notifications."""
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TemporaryCredentials:
    """S3-compatible credentials scoped to a bucket (``temporary_credentials.create``).

    The secret and the session token are left out of ``repr`` so they never reach logs.
    """

    access_key_id: str
    """The access key id (not secret)."""
    secret_access_key: str = attrs.field(repr=False)
    """The secret access key."""
    session_token: str = attrs.field(repr=False)
    """The session token to send with S3 requests."""

    @classmethod
    def from_response(cls, response: TempAccessCredsResponse) -> TemporaryCredentials:
        """Build from the generated response model (missing fields become empty strings)."""
        return cls(
            access_key_id=response.access_key_id or "",
            secret_access_key=response.secret_access_key or "",
            session_token=response.session_token or "",
        )
