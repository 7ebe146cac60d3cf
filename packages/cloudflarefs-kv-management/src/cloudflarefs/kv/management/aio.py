"""The async Workers KV management client: ``from cloudflarefs.kv.management.aio import KVClient``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import AsyncHttpClient
from cloudflarefs.kv.management._aio_resources import (
    KVAnalytics,
    KVKeys,
    KVMetadata,
    KVNamespaces,
    KVValues,
)
from cloudflarefs.kv.management._client import USER_AGENT_PRODUCT

__all__ = ["KVAnalytics", "KVClient", "KVKeys", "KVMetadata", "KVNamespaces", "KVValues"]


class KVClient:
    """Workers KV management over the Cloudflare REST API (async).

    The same surface as :class:`cloudflarefs.kv.management.KVClient`, with awaited methods and
    :class:`~cloudflarefs.core.AsyncPager` lists (``async for``). Either share an
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its keyword arguments.

    Example:
        >>> async with KVClient(api_token="...", account_id="...") as kv:  # doctest: +SKIP
        ...     async for ns in kv.namespaces.list():
        ...         print(ns.title)
    """

    namespaces: KVNamespaces
    """Namespaces, including chunked bulk writes and deletes."""
    keys: KVKeys
    """Listing keys with their metadata."""
    values: KVValues
    """Reading, writing and deleting values."""
    metadata: KVMetadata
    """Reading a key's metadata."""
    analytics: KVAnalytics
    """Request and stored-data analytics."""

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
        self.namespaces = KVNamespaces(http)
        self.keys = KVKeys(http)
        self.values = KVValues(http)
        self.metadata = KVMetadata(http)
        self.analytics = KVAnalytics(http)

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
