"""The sync R2 management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.r2.management._resources import (
    R2Buckets,
    R2EventNotifications,
    R2Sippy,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "R2Client"]

USER_AGENT_PRODUCT = f"cloudflarefs-r2-management/{__version__}"


class R2Client(ServiceClient):
    """R2 bucket management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. The ``account_id`` given here is the default of every
    call; each method also takes ``account_id=``. Objects themselves are read and written
    through the S3 API or the Workers binding, not this client.

    Examples:
        >>> with R2Client(api_token="...", account_id="...") as r2:  # doctest: +SKIP
        ...     r2.buckets.create("media", location_hint="weur")
        ...     [b.name for b in r2.buckets.list()]
        ['media']
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

    def _attach(self, http: HttpClient) -> None:
        self.buckets = R2Buckets(http)
        self.event_notifications = R2EventNotifications(http)
        self.sippy = R2Sippy(http)
        self.temporary_credentials = R2TemporaryCredentials(http)
