"""Async resource groups of :class:`~cloudflarefs.durable_objects.management.aio.DurableObjectsClient`."""

from __future__ import annotations

from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.durable_objects.management._generated import aio as _gen
from cloudflarefs.durable_objects.management._generated._transport import AsyncHttp
from cloudflarefs.durable_objects.management._generated.models import (
    Namespace,
    ObjectsListResultItem,
)
from cloudflarefs.durable_objects.management._resources import check_objects_limit, require_id

__all__ = ["DurableObjectsNamespaces", "DurableObjectsObjects"]


class DurableObjectsNamespaces:
    """Durable Object namespaces of the account (``do.namespaces.list()``)."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncDurableObjectsNamespaces(http)

    def list(self, *, account_id: str | None = None) -> AsyncPager[Namespace]:
        """Every namespace (class, script, id, name), in one page.

        The API declares no paging for this list, so there is no page size to set.
        """
        return self._gen.list(account_id=account_id)


class DurableObjectsObjects:
    """The objects of a namespace that have stored data (``do.objects.list(namespace_id)``)."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncDurableObjectsObjects(http)

    def list(
        self,
        namespace_id: str,
        *,
        limit: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> AsyncPager[ObjectsListResultItem]:
        """Every object id, following ``result_info.cursor`` (or ``cursors.after``).

        ``limit`` is the page size (10 to 10,000); cap the total with ``max_pages``.
        """
        return self._gen.list(
            require_id("namespace_id", namespace_id),
            limit=check_objects_limit(limit),
            max_pages=max_pages,
            account_id=account_id,
        )
