"""The async Durable Objects management client: ``from cloudflarefs.durable_objects.management.aio import DurableObjectsClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.durable_objects.management._generated.aio import (
    DurableObjectsNamespaces,
    DurableObjectsObjects,
)
from cloudflarefs.durable_objects.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "DurableObjectsClient",
    "DurableObjectsNamespaces",
    "DurableObjectsObjects",
]

USER_AGENT_PRODUCT = f"cloudflarefs-durable-objects-management/{__version__}"


class DurableObjectsClient(AsyncServiceClient):
    """Durable Objects management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with DurableObjectsClient(api_token="...", account_id="...") as do:  # doctest: +SKIP
        ...     async for obj in do.objects.list("namespace-id"):
        ...         print(obj.id)
    """

    user_agent_product = USER_AGENT_PRODUCT

    namespaces: DurableObjectsNamespaces
    """Durable Object namespaces."""
    objects: DurableObjectsObjects
    """The objects of a namespace."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.namespaces = DurableObjectsNamespaces(http)
        self.objects = DurableObjectsObjects(http)
