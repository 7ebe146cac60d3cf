"""The sync Vectorize management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient
from cloudflarefs.vectorize.management._resources import (
    VectorizeIndexes,
    VectorizeIndexesV1,
    VectorizeMetadataIndexes,
)
from cloudflarefs.vectorize.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "VectorizeClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-vectorize-management/{__version__}"


class VectorizeClient:
    """Vectorize index management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. The ``account_id`` given here is the default of every
    call; each method also takes ``account_id=``.

    Example:
        >>> with VectorizeClient(api_token="...", account_id="...") as vz:  # doctest: +SKIP
        ...     vz.indexes.create("docs", dimensions=3, metric="cosine")
        ...     vz.indexes.upsert("docs", [{"id": "a", "values": [0.1, 0.2, 0.3]}])
        ...     vz.indexes.query("docs", [0.1, 0.2, 0.3], top_k=1).count
        1
    """

    indexes: VectorizeIndexes
    """Vectorize indexes and their vectors (insert, upsert, query, ...)."""
    metadata_indexes: VectorizeMetadataIndexes
    """Metadata indexes for filtering."""
    indexes_v1: VectorizeIndexesV1
    """Deprecated v1 (beta) indexes."""

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
        self.indexes = VectorizeIndexes(http)
        self.metadata_indexes = VectorizeMetadataIndexes(http)
        self.indexes_v1 = VectorizeIndexesV1(http)

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
