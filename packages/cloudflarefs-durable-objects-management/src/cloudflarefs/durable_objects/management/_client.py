"""The sync Durable Objects management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.durable_objects.management._generated.client import (
    DurableObjectsNamespaces,
    DurableObjectsObjects,
)
from cloudflarefs.durable_objects.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "DurableObjectsClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-durable-objects-management/{__version__}"


class DurableObjectsClient(ServiceClient):
    """Durable Objects management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` set here is the default for every call;
    each method also takes ``account_id=``.

    Example:
        >>> with DurableObjectsClient(api_token="...", account_id="...") as do:  # doctest: +SKIP
        ...     for ns in do.namespaces.list():
        ...         print(ns.name, sum(1 for _ in do.objects.list(ns.id)))
    """

    user_agent_product = USER_AGENT_PRODUCT

    namespaces: DurableObjectsNamespaces
    """Durable Object namespaces."""
    objects: DurableObjectsObjects
    """The objects of a namespace."""

    def _attach(self, http: HttpClient) -> None:
        self.namespaces = DurableObjectsNamespaces(http)
        self.objects = DurableObjectsObjects(http)
