"""Sync resource groups of :class:`~cloudflarefs.r2.management.R2Client`.

Each group wraps its generated counterpart: argument validation and Python-friendly signatures
live here, request building and response parsing stay in ``_generated``.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from cloudflarefs.core.pagination import SyncPager
from cloudflarefs.r2.management._generated import client as _gen
from cloudflarefs.r2.management._generated._transport import SyncHttp
from cloudflarefs.r2.management._generated.models import (
    Bucket,
    BucketLocationInput,
    BucketsListDirection,
    Detail,
    EnableSippyAwsInput,
    EnableSippyGcsInput,
    EventNotificationsUpdateResult,
    Sippy,
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
from cloudflarefs.r2.management._validation import require_id

__all__ = ["R2Buckets", "R2EventNotifications", "R2Sippy", "R2TemporaryCredentials"]


class R2Buckets:
    """Buckets: ``list``, ``get``, ``create``, ``delete`` (``r2.buckets``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.R2Buckets(http)

    def list(
        self,
        *,
        name_contains: str | None = None,
        start_after: str | None = None,
        direction: BucketsListDirection | str | None = None,
        per_page: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> SyncPager[Bucket]:
        """Every bucket of the account, ordered by name, fetched page by page (cursor)."""
        return self._gen.list(
            account_id=account_id,
            name_contains=name_contains,
            start_after=start_after,
            direction=BucketsListDirection(direction) if direction is not None else None,
            order="name" if direction is not None else None,
            per_page=per_page,
            max_pages=max_pages,
        )

    def get(self, bucket_name: str, *, account_id: str | None = None) -> Bucket:
        """One bucket by name."""
        return self._gen.get(require_id("bucket_name", bucket_name), account_id=account_id)

    def create(
        self,
        name: str,
        *,
        location_hint: BucketLocationInput | str | None = None,
        storage_class: StorageClassInput | str | None = None,
        account_id: str | None = None,
    ) -> Bucket:
        """Create a bucket; ``location_hint`` (``"weur"``, ...) and ``storage_class`` are optional."""
        body = bucket_create_body(name, location_hint, storage_class)
        return self._gen.create(body=body, account_id=account_id)

    def delete(self, bucket_name: str, *, account_id: str | None = None) -> None:
        """Delete an (empty) bucket."""
        self._gen.delete(require_id("bucket_name", bucket_name), account_id=account_id)


class R2EventNotifications:
    """Event notifications from a bucket to a queue (``r2.event_notifications``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.R2EventNotifications(http)

    def get(
        self, bucket_name: str, *, account_id: str | None = None
    ) -> builtins.dict[str, builtins.dict[str, Detail]]:
        """The bucket's notification configuration, keyed by bucket then by queue id."""
        return self._gen.get(require_id("bucket_name", bucket_name), account_id=account_id)

    def update(
        self,
        bucket_name: str,
        queue_id: str,
        *,
        rules: Sequence[NotificationRule],
        account_id: str | None = None,
    ) -> EventNotificationsUpdateResult:
        """Send the bucket's events matching ``rules`` to the queue ``queue_id``.

        A rule is a ``RuleInput`` or ``{"actions": ["PutObject", ...], "prefix": ..., "suffix": ...}``.
        """
        require_id("bucket_name", bucket_name)
        require_id("queue_id", queue_id)
        body = notification_body(rules)
        return self._gen.update(bucket_name, queue_id, body=body, account_id=account_id)

    def delete(self, bucket_name: str, queue_id: str, *, account_id: str | None = None) -> None:
        """Stop sending the bucket's events to the queue ``queue_id``."""
        require_id("bucket_name", bucket_name)
        require_id("queue_id", queue_id)
        self._gen.delete(bucket_name, queue_id, account_id=account_id)


class R2Sippy:
    """Sippy incremental migration from S3 or GCS into a bucket (``r2.sippy``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.R2Sippy(http)

    def get(self, bucket_name: str, *, account_id: str | None = None) -> Sippy:
        """The bucket's Sippy configuration."""
        return self._gen.get(require_id("bucket_name", bucket_name), account_id=account_id)

    def update(
        self,
        bucket_name: str,
        config: EnableSippyAwsInput | EnableSippyGcsInput,
        *,
        account_id: str | None = None,
    ) -> Sippy:
        """Enable Sippy with an AWS or GCS source configuration."""
        require_id("bucket_name", bucket_name)
        return self._gen.update(bucket_name, body=config, account_id=account_id)

    def delete(self, bucket_name: str, *, account_id: str | None = None) -> None:
        """Disable Sippy on the bucket."""
        self._gen.delete(require_id("bucket_name", bucket_name), account_id=account_id)


class R2TemporaryCredentials:
    """Short-lived S3 credentials (``r2.temporary_credentials``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.R2TemporaryCredentials(http)

    def create(
        self,
        *,
        bucket: str,
        parent_access_key_id: str,
        permission: TempAccessCredsRequestPermission | str,
        ttl_seconds: float,
        objects: Sequence[str] | None = None,
        prefixes: Sequence[str] | None = None,
        account_id: str | None = None,
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
        response = self._gen.create(body=body, account_id=account_id)
        return TemporaryCredentials.from_response(response)
