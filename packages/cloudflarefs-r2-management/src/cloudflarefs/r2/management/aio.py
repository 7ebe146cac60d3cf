"""The async R2 management client: ``from cloudflarefs.r2.management.aio import R2Client``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.r2.management._aio_resources import (
    R2Buckets,
    R2Cors,
    R2CustomDomains,
    R2EventNotifications,
    R2Lifecycle,
    R2Locks,
    R2ManagedDomain,
    R2Metrics,
    R2Objects,
    R2Sippy,
    R2SlurperConnectivity,
    R2SlurperJobs,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "R2Buckets",
    "R2Client",
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

USER_AGENT_PRODUCT = f"cloudflarefs-r2-management/{__version__}"


class R2Client(AsyncServiceClient):
    """R2 management over the Cloudflare REST API (async): buckets, their settings, objects, migrations.

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
    """Listing, creating, reading, editing and deleting buckets."""
    cors: R2Cors
    """A bucket's CORS policy."""
    custom_domains: R2CustomDomains
    """Custom domains serving a bucket."""
    event_notifications: R2EventNotifications
    """Bucket event notifications to queues."""
    lifecycle: R2Lifecycle
    """A bucket's object lifecycle rules."""
    locks: R2Locks
    """A bucket's lock (retention) rules."""
    managed_domain: R2ManagedDomain
    """A bucket's r2.dev public domain."""
    metrics: R2Metrics
    """Account-wide storage metrics."""
    objects: R2Objects
    """Objects over the REST API (list, get, stream, upload, delete)."""
    sippy: R2Sippy
    """Sippy incremental migration."""
    slurper_connectivity: R2SlurperConnectivity
    """Super Slurper connectivity prechecks."""
    slurper_jobs: R2SlurperJobs
    """Super Slurper migration jobs."""
    temporary_credentials: R2TemporaryCredentials
    """Short-lived S3 credentials."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.buckets = R2Buckets(http)
        self.cors = R2Cors(http)
        self.custom_domains = R2CustomDomains(http)
        self.event_notifications = R2EventNotifications(http)
        self.lifecycle = R2Lifecycle(http)
        self.locks = R2Locks(http)
        self.managed_domain = R2ManagedDomain(http)
        self.metrics = R2Metrics(http)
        self.objects = R2Objects(http)
        self.sippy = R2Sippy(http)
        self.slurper_connectivity = R2SlurperConnectivity(http)
        self.slurper_jobs = R2SlurperJobs(http)
        self.temporary_credentials = R2TemporaryCredentials(http)
