"""The async Vectorize management client: ``from cloudflarefs.vectorize.management.aio import VectorizeClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.vectorize.management._aio_resources import (
    VectorizeIndexes,
    VectorizeIndexesV1,
    VectorizeMetadataIndexes,
)
from cloudflarefs.vectorize.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "VectorizeClient",
    "VectorizeIndexes",
    "VectorizeIndexesV1",
    "VectorizeMetadataIndexes",
]

USER_AGENT_PRODUCT = f"cloudflarefs-vectorize-management/{__version__}"


class VectorizeClient(AsyncServiceClient):
    """Vectorize index management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with VectorizeClient(api_token="...", account_id="...") as vz:  # doctest: +SKIP
        ...     async for index in vz.indexes.list():
        ...         print(index.name)
    """

    user_agent_product = USER_AGENT_PRODUCT

    indexes: VectorizeIndexes
    """Vectorize indexes and their vectors (insert, upsert, query, ...)."""
    metadata_indexes: VectorizeMetadataIndexes
    """Metadata indexes for filtering."""
    indexes_v1: VectorizeIndexesV1
    """Deprecated v1 (beta) indexes."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.indexes = VectorizeIndexes(http)
        self.metadata_indexes = VectorizeMetadataIndexes(http)
        self.indexes_v1 = VectorizeIndexesV1(http)
