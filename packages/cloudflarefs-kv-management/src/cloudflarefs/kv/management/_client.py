"""The sync Workers KV management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.kv.management._resources import (
    KVAnalytics,
    KVKeys,
    KVMetadata,
    KVNamespaces,
    KVValues,
)
from cloudflarefs.kv.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "KVClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-kv-management/{__version__}"


class KVClient(ServiceClient):
    """Workers KV management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` set here is the default for every call;
    each method also takes ``account_id=``.

    Example:
        >>> with KVClient(api_token="...", account_id="...") as kv:  # doctest: +SKIP
        ...     ns = kv.namespaces.create("sessions")
        ...     kv.values.put(ns.id, "greeting", "hello", expiration_ttl=3600)
        ...     kv.values.get_text(ns.id, "greeting")
        'hello'
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

    def _attach(self, http: HttpClient) -> None:
        self.namespaces = KVNamespaces(http)
        self.keys = KVKeys(http)
        self.values = KVValues(http)
        self.metadata = KVMetadata(http)
        self.analytics = KVAnalytics(http)
