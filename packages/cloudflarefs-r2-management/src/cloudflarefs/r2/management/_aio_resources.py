"""Async resource groups of :class:`~cloudflarefs.r2.management.aio.R2Client`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``r2`` overlay);
this module adds the methods that build bodies from plain arguments. It is the one hand-written
copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import cloudflarefs.r2.management._generated.aio as _gen
from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.r2.management._generated.models import (
    Bucket,
    BucketLocationInput,
    BucketsListDirection,
    EventNotificationsUpdateResult,
    StorageClassInput,
    TempAccessCredsRequestPermission,
)
from cloudflarefs.r2.management._inputs import (
    NotificationRule,
    bucket_create_body,
    notification_body,
    temp_creds_body,
)
from cloudflarefs.r2.management._models import TemporaryCredentials

__all__ = ["R2Buckets", "R2EventNotifications", "R2Sippy", "R2TemporaryCredentials"]


class R2Buckets(_gen.R2Buckets):
    """Buckets: ``list``, ``get``, ``create``, ``delete`` (``r2.buckets``)."""

    def list(
        self,
        *,
        name_contains: str | None = None,
        start_after: str | None = None,
        direction: BucketsListDirection | str | None = None,
        per_page: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Bucket]:
        """Every bucket of the account, ordered by name, fetched page by page (cursor)."""
        return self._list(
            account_id=account_id,
            name_contains=name_contains,
            start_after=start_after,
            direction=direction,
            order="name" if direction is not None else None,
            per_page=per_page,
            max_pages=max_pages,
            **options,
        )

    async def create(
        self,
        name: str,
        *,
        location_hint: BucketLocationInput | str | None = None,
        storage_class: StorageClassInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Bucket:
        """Create a bucket; ``location_hint`` (``"weur"``, ...) and ``storage_class`` are optional."""
        body = bucket_create_body(name, location_hint, storage_class)
        return await self._create(body=body, account_id=account_id, **options)


class R2EventNotifications(_gen.R2EventNotifications):
    """Event notifications from a bucket to a queue (``r2.event_notifications``)."""

    async def update(
        self,
        bucket_name: str,
        queue_id: str,
        *,
        rules: Sequence[NotificationRule],
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> EventNotificationsUpdateResult:
        """Send the bucket's events matching ``rules`` to the queue ``queue_id``.

        A rule is a ``RuleInput`` or ``{"actions": ["PutObject", ...], "prefix": ..., "suffix": ...}``.
        """
        require_non_empty("bucket_name", bucket_name)
        require_non_empty("queue_id", queue_id)
        body = notification_body(rules)
        return await self._update(
            bucket_name, queue_id, body=body, account_id=account_id, **options
        )


class R2Sippy(_gen.R2Sippy):
    """Sippy incremental migration from S3 or GCS into a bucket (``r2.sippy``)."""


class R2TemporaryCredentials(_gen.R2TemporaryCredentials):
    """Short-lived S3 credentials (``r2.temporary_credentials``)."""

    async def create(
        self,
        *,
        bucket: str,
        parent_access_key_id: str,
        permission: TempAccessCredsRequestPermission | str,
        ttl_seconds: float,
        objects: Sequence[str] | None = None,
        prefixes: Sequence[str] | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TemporaryCredentials:
        """Mint credentials for ``bucket`` (optionally limited to ``objects``/``prefixes``)."""
        body = temp_creds_body(
            bucket=bucket,
            parent_access_key_id=parent_access_key_id,
            permission=permission,
            ttl_seconds=ttl_seconds,
            objects=objects,
            prefixes=prefixes,
        )
        response = await self._create(body=body, account_id=account_id, **options)
        return TemporaryCredentials.from_response(response)
