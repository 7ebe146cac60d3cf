"""Async resource groups of :class:`~cloudflarefs.r2.management.aio.R2Client`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``r2`` overlay);
this module adds the methods that build bodies from plain arguments. It is the one hand-written
copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Unpack

import attrs

import cloudflarefs.r2.management._generated.aio as _gen
from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import ApiRequest, RequestOptions, with_options
from cloudflarefs.r2.management._generated import operations
from cloudflarefs.r2.management._generated._transport import AsyncStreamResponse
from cloudflarefs.r2.management._generated.models import (
    Bucket,
    BucketLocationInput,
    BucketsListDirection,
    EventNotificationsUpdateResult,
    JurisdictionInput,
    ObjectDeleted,
    ObjectUploaded,
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
from cloudflarefs.r2.management._objects import (
    AsyncUploadBody,
    at_object_path,
    http_date,
    prepare_async_body,
)

__all__ = [
    "R2Buckets",
    "R2Cors",
    "R2CustomDomains",
    "R2EventNotifications",
    "R2Lifecycle",
    "R2Locks",
    "R2ManagedDomain",
    "R2Metrics",
    "R2Objects",
    "R2Sippy",
    "R2SlurperConnectivity",
    "R2SlurperJobs",
    "R2TemporaryCredentials",
]


class R2Buckets(_gen.R2Buckets):
    """Buckets: ``list``, ``get``, ``create``, ``edit``, ``delete`` (``r2.buckets``)."""

    def list(
        self,
        *,
        name_contains: str | None = None,
        start_after: str | None = None,
        direction: BucketsListDirection | str | None = None,
        per_page: int | None = None,
        max_pages: int | None = None,
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Bucket]:
        """Every bucket of the account (of ``jurisdiction``), ordered by name, page by page."""
        return self._list(
            account_id=account_id,
            jurisdiction=jurisdiction,
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
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Bucket:
        """Create a bucket; ``location_hint`` (``"weur"``, ...), ``storage_class`` and
        ``jurisdiction`` (``"eu"``, ``"fedramp"``, ...) are optional."""
        body = bucket_create_body(name, location_hint, storage_class)
        return await self._create(
            body=body, jurisdiction=jurisdiction, account_id=account_id, **options
        )


class R2EventNotifications(_gen.R2EventNotifications):
    """Event notifications from a bucket to a queue (``r2.event_notifications``)."""

    async def update(
        self,
        bucket_name: str,
        queue_id: str,
        *,
        rules: Sequence[NotificationRule],
        jurisdiction: JurisdictionInput | str | None = None,
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
            bucket_name,
            queue_id,
            body=body,
            jurisdiction=jurisdiction,
            account_id=account_id,
            **options,
        )


class R2Sippy(_gen.R2Sippy):
    """Sippy incremental migration from S3 or GCS into a bucket (``r2.sippy``)."""


class R2Cors(_gen.R2Cors):
    """A bucket's CORS policy: ``get``, ``update``, ``delete`` (``r2.cors``)."""


class R2Lifecycle(_gen.R2Lifecycle):
    """A bucket's object lifecycle rules: ``get``, ``update`` (``r2.lifecycle``)."""


class R2Locks(_gen.R2Locks):
    """A bucket's lock (retention) rules: ``get``, ``update`` (``r2.locks``)."""


class R2CustomDomains(_gen.R2CustomDomains):
    """Custom domains serving a bucket: ``create``, ``list``, ``get``, ``update``, ``delete``."""


class R2ManagedDomain(_gen.R2ManagedDomain):
    """A bucket's r2.dev public domain: ``get``, ``update`` (``r2.managed_domain``)."""


class R2Metrics(_gen.R2Metrics):
    """Account-wide storage metrics: ``get`` (``r2.metrics``)."""


class R2SlurperJobs(_gen.R2SlurperJobs):
    """Super Slurper migration jobs (``r2.slurper_jobs``)."""


class R2SlurperConnectivity(_gen.R2SlurperConnectivity):
    """Super Slurper connectivity prechecks of a source or target (``r2.slurper_connectivity``)."""


class R2Objects(_gen.R2Objects):
    """Objects over the REST API: ``list``, ``get``, ``stream``, ``upload``, ``delete``.

    Keys keep their slashes in the URL (``"photos/2024/cat.jpg"``); every other reserved
    character is percent-encoded. Keys with a ``.`` or ``..`` segment are refused (use the S3
    API or a Worker binding for those). For heavy traffic, prefer the S3 API.
    """

    async def get(
        self,
        bucket_name: str,
        key: str,
        *,
        if_none_match: str | None = None,
        if_modified_since: datetime.datetime | str | None = None,
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> bytes:
        """The object's body, held in memory (at most the client's ``max_response_size``).

        For large objects use :meth:`stream`.
        """
        request = self._get_request(
            bucket_name, key, if_none_match, if_modified_since, jurisdiction, account_id
        )
        response = await self._http.send(with_options(request, options))
        return operations.parse_objects_get(response)

    def stream(
        self,
        bucket_name: str,
        key: str,
        *,
        if_none_match: str | None = None,
        if_modified_since: datetime.datetime | str | None = None,
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AbstractAsyncContextManager[AsyncStreamResponse]:
        """The object's body streamed: ``async with ... as r: async for chunk in r.aiter_bytes()``.

        No size limit applies to the streamed body; an error status raises on entering.
        """
        request = self._get_request(
            bucket_name, key, if_none_match, if_modified_since, jurisdiction, account_id
        )
        return self._http.stream(with_options(request, options))

    def _get_request(
        self,
        bucket_name: str,
        key: str,
        if_none_match: str | None,
        if_modified_since: datetime.datetime | str | None,
        jurisdiction: JurisdictionInput | str | None,
        account_id: str | None,
    ) -> ApiRequest:
        account = self._http.resolve_account_id(account_id)
        request = operations.build_objects_get(
            account_id=account,
            bucket_name=require_non_empty("bucket_name", bucket_name),
            object_key="-",  # replaced below: the generated path would encode the key's slashes
            if_none_match=if_none_match,
            if_modified_since=http_date(if_modified_since),
            cf_r2_jurisdiction=None if jurisdiction is None else JurisdictionInput(jurisdiction),
        )
        return at_object_path(request, account, bucket_name, key)

    async def upload(
        self,
        bucket_name: str,
        key: str,
        body: AsyncUploadBody,
        *,
        content_type: str | None = None,
        storage_class: StorageClassInput | str | None = None,
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ObjectUploaded:
        """Upload ``body`` as the object ``key`` (at most 300 MB; larger: S3 multipart upload).

        ``body`` is bytes, text (sent as UTF-8), a binary file or an iterable of bytes chunks
        (the async client also takes an async iterable). Files and iterables are streamed,
        never read whole, and a streamed body is sent once (no retry). ``content_type``
        defaults to ``application/octet-stream`` (``text/plain; charset=utf-8`` for text).
        """
        account = self._http.resolve_account_id(account_id)
        request = operations.build_objects_upload(
            account_id=account,
            bucket_name=require_non_empty("bucket_name", bucket_name),
            object_key="-",  # replaced below: the generated path would encode the key's slashes
            content=b"",  # replaced below by the (possibly streamed) body
            cf_r2_jurisdiction=None if jurisdiction is None else JurisdictionInput(jurisdiction),
            cf_r2_storage_class=None if storage_class is None else StorageClassInput(storage_class),
        )
        request = at_object_path(request, account, bucket_name, key)
        prepared = prepare_async_body(body, content_type)
        request = attrs.evolve(
            request,
            content=prepared.content,
            headers={**request.headers, **prepared.headers},
        )
        response = await self._http.send(with_options(request, options))
        return operations.parse_objects_upload(response)

    async def delete(
        self,
        bucket_name: str,
        key: str,
        *,
        jurisdiction: JurisdictionInput | str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ObjectDeleted:
        """Delete the object ``key`` (its result names the deleted key)."""
        account = self._http.resolve_account_id(account_id)
        request = operations.build_objects_delete(
            account_id=account,
            bucket_name=require_non_empty("bucket_name", bucket_name),
            object_key="-",  # replaced below: the generated path would encode the key's slashes
            cf_r2_jurisdiction=None if jurisdiction is None else JurisdictionInput(jurisdiction),
        )
        request = at_object_path(request, account, bucket_name, key)
        response = await self._http.send(with_options(request, options))
        return operations.parse_objects_delete(response)


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
