"""The async R2 management client: ``from cloudflarefs.r2.management.aio import R2Client``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.r2.management._aio_resources import (
    R2Buckets,
    R2EventNotifications,
    R2Sippy,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "R2Buckets",
    "R2Client",
    "R2EventNotifications",
    "R2Sippy",
    "R2TemporaryCredentials",
]

USER_AGENT_PRODUCT = f"cloudflarefs-r2-management/{__version__}"


class R2Client(AsyncServiceClient):
    """R2 bucket management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with R2Client(api_token="...", account_id="...") as r2:  # doctest: +SKIP
        ...     async for bucket in r2.buckets.list():
        ...         print(bucket.name)
    """

    user_agent_product = USER_AGENT_PRODUCT

    buckets: R2Buckets
    """Listing, creating, reading and deleting buckets."""
    event_notifications: R2EventNotifications
    """Bucket event notifications to queues."""
    sippy: R2Sippy
    """Sippy incremental migration."""
    temporary_credentials: R2TemporaryCredentials
    """Short-lived S3 credentials."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.buckets = R2Buckets(http)
        self.event_notifications = R2EventNotifications(http)
        self.sippy = R2Sippy(http)
        self.temporary_credentials = R2TemporaryCredentials(http)
