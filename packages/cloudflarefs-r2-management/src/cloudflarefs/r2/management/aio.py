"""The async R2 management client: ``from cloudflarefs.r2.management.aio import R2Client``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import AsyncHttpClient
from cloudflarefs.r2.management._aio_resources import (
    R2Buckets,
    R2EventNotifications,
    R2Sippy,
    R2TemporaryCredentials,
)
from cloudflarefs.r2.management._client import USER_AGENT_PRODUCT

__all__ = ["R2Buckets", "R2Client", "R2EventNotifications", "R2Sippy", "R2TemporaryCredentials"]


class R2Client:
    """R2 bucket management over the Cloudflare REST API (async).

    The same surface as :class:`cloudflarefs.r2.management.R2Client` with awaited methods and
    :class:`~cloudflarefs.core.AsyncPager` lists (``async for``). Either share an
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its keyword arguments.

    Example:
        >>> async with R2Client(api_token="...", account_id="...") as r2:  # doctest: +SKIP
        ...     async for bucket in r2.buckets.list():
        ...         print(bucket.name)
    """

    buckets: R2Buckets
    """Listing, creating, reading and deleting buckets."""
    event_notifications: R2EventNotifications
    """Bucket event notifications to queues."""
    sippy: R2Sippy
    """Sippy incremental migration."""
    temporary_credentials: R2TemporaryCredentials
    """Short-lived S3 credentials."""

    def __init__(self, *, http: AsyncHttpClient | None = None, **http_kwargs: Any) -> None:
        if http is not None and http_kwargs:
            raise ConfigurationError(
                "pass either http= or AsyncHttpClient arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        self._owns_http = http is None
        if http is None:
            http_kwargs.setdefault("user_agent_product", USER_AGENT_PRODUCT)
            http = AsyncHttpClient(**http_kwargs)
        self._http = http
        self.buckets = R2Buckets(http)
        self.event_notifications = R2EventNotifications(http)
        self.sippy = R2Sippy(http)
        self.temporary_credentials = R2TemporaryCredentials(http)

    @property
    def http(self) -> AsyncHttpClient:
        """The HTTP client this client sends through."""
        return self._http

    async def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            await self._http.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(owns_http={self._owns_http})"
