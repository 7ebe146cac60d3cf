"""The sync Vectorize management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.vectorize.management._resources import (
    VectorizeIndexes,
    VectorizeIndexesV1,
    VectorizeMetadataIndexes,
)
from cloudflarefs.vectorize.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "VectorizeClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-vectorize-management/{__version__}"


class VectorizeClient(ServiceClient):
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

    user_agent_product = USER_AGENT_PRODUCT

    indexes: VectorizeIndexes
    """Vectorize indexes and their vectors (insert, upsert, query, ...)."""
    metadata_indexes: VectorizeMetadataIndexes
    """Metadata indexes for filtering."""
    indexes_v1: VectorizeIndexesV1
    """Deprecated v1 (beta) indexes."""

    def _attach(self, http: HttpClient) -> None:
        self.indexes = VectorizeIndexes(http)
        self.metadata_indexes = VectorizeMetadataIndexes(http)
        self.indexes_v1 = VectorizeIndexesV1(http)
