"""The async Workers KV management client: ``from cloudflarefs.kv.management.aio import KVClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.kv.management._aio_resources import (
    KVAnalytics,
    KVKeys,
    KVMetadata,
    KVNamespaces,
    KVValues,
)
from cloudflarefs.kv.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "KVAnalytics",
    "KVClient",
    "KVKeys",
    "KVMetadata",
    "KVNamespaces",
    "KVValues",
]

USER_AGENT_PRODUCT = f"cloudflarefs-kv-management/{__version__}"


class KVClient(AsyncServiceClient):
    """Workers KV management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with KVClient(api_token="...", account_id="...") as kv:  # doctest: +SKIP
        ...     async for ns in kv.namespaces.list():
        ...         print(ns.title)
    """

    user_agent_product = USER_AGENT_PRODUCT

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

    def _attach(self, http: AsyncHttpClient) -> None:
        self.namespaces = KVNamespaces(http)
        self.keys = KVKeys(http)
        self.values = KVValues(http)
        self.metadata = KVMetadata(http)
        self.analytics = KVAnalytics(http)
