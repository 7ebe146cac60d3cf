"""The async Vectorize management client: ``from cloudflarefs.vectorize.management.aio import VectorizeClient``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import AsyncHttpClient
from cloudflarefs.vectorize.management._aio_resources import (
    VectorizeIndexes,
    VectorizeIndexesV1,
    VectorizeMetadataIndexes,
)
from cloudflarefs.vectorize.management._client import USER_AGENT_PRODUCT

__all__ = ["VectorizeClient", "VectorizeIndexes", "VectorizeIndexesV1", "VectorizeMetadataIndexes"]


class VectorizeClient:
    """Vectorize index management over the Cloudflare REST API (async).

    The same surface as :class:`cloudflarefs.vectorize.management.VectorizeClient` with awaited methods and
    :class:`~cloudflarefs.core.AsyncPager` lists (``async for``). Either share an
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its keyword arguments.

    Example:
        >>> async with VectorizeClient(api_token="...", account_id="...") as vz:  # doctest: +SKIP
        ...     async for index in vz.indexes.list():
        ...         print(index.name)
    """

    indexes: VectorizeIndexes
    """Vectorize indexes and their vectors (insert, upsert, query, ...)."""
    metadata_indexes: VectorizeMetadataIndexes
    """Metadata indexes for filtering."""
    indexes_v1: VectorizeIndexesV1
    """Deprecated v1 (beta) indexes."""

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
        self.indexes = VectorizeIndexes(http)
        self.metadata_indexes = VectorizeMetadataIndexes(http)
        self.indexes_v1 = VectorizeIndexesV1(http)

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
