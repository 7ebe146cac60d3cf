"""The sync R2 management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient
from cloudflarefs.r2.management._resources import (
    R2Buckets,
    R2EventNotifications,
    R2Sippy,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "R2Client"]

USER_AGENT_PRODUCT = f"cloudflarefs-r2-management/{__version__}"


class R2Client:
    """R2 bucket management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. The ``account_id`` given here is the default of every
    call; each method also takes ``account_id=``. Objects themselves are read and written
    through the S3 API or the Workers binding, not this client.

    Example:
        >>> with R2Client(api_token="...", account_id="...") as r2:  # doctest: +SKIP
        ...     r2.buckets.create("media", location_hint="weur")
        ...     [b.name for b in r2.buckets.list()]
        ['media']
    """

    buckets: R2Buckets
    """Listing, creating, reading and deleting buckets."""
    event_notifications: R2EventNotifications
    """Bucket event notifications to queues."""
    sippy: R2Sippy
    """Sippy incremental migration."""
    temporary_credentials: R2TemporaryCredentials
    """Short-lived S3 credentials."""

    def __init__(self, *, http: HttpClient | None = None, **http_kwargs: Any) -> None:
        if http is not None and http_kwargs:
            raise ConfigurationError(
                "pass either http= or HttpClient arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        self._owns_http = http is None
        if http is None:
            http_kwargs.setdefault("user_agent_product", USER_AGENT_PRODUCT)
            http = HttpClient(**http_kwargs)
        self._http = http
        self.buckets = R2Buckets(http)
        self.event_notifications = R2EventNotifications(http)
        self.sippy = R2Sippy(http)
        self.temporary_credentials = R2TemporaryCredentials(http)

    @property
    def http(self) -> HttpClient:
        """The HTTP client this client sends through."""
        return self._http

    def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(owns_http={self._owns_http})"
