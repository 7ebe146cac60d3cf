"""The sync Workers KV management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient
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


class KVClient:
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
        self.namespaces = KVNamespaces(http)
        self.keys = KVKeys(http)
        self.values = KVValues(http)
        self.metadata = KVMetadata(http)
        self.analytics = KVAnalytics(http)

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
