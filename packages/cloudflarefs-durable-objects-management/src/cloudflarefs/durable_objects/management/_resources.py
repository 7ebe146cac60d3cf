"""Sync resource groups of :class:`~cloudflarefs.durable_objects.management.DurableObjectsClient`."""

from __future__ import annotations

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.pagination import SyncPager
from cloudflarefs.core.validation import require_non_empty as require_id
from cloudflarefs.durable_objects.management._generated import client as _gen
from cloudflarefs.durable_objects.management._generated._transport import SyncHttp
from cloudflarefs.durable_objects.management._generated.models import (
    Namespace,
    ObjectsListResultItem,
)

__all__ = ["DurableObjectsNamespaces", "DurableObjectsObjects", "check_objects_limit", "require_id"]


def check_objects_limit(limit: int | None) -> int | None:
    """Objects are listed 10 to 10,000 per page."""
    if limit is not None and not 10 <= limit <= 10_000:
        raise InvalidInputError(f"limit must be between 10 and 10000, got {limit}")
    return limit


class DurableObjectsNamespaces:
    """Durable Object namespaces of the account (``do.namespaces.list()``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.DurableObjectsNamespaces(http)

    def list(self, *, account_id: str | None = None) -> SyncPager[Namespace]:
        """Every namespace (class, script, id, name), in one page.

        The API declares no paging for this list, so there is no page size to set.
        """
        return self._gen.list(account_id=account_id)


class DurableObjectsObjects:
    """The objects of a namespace that have stored data (``do.objects.list(namespace_id)``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.DurableObjectsObjects(http)

    def list(
        self,
        namespace_id: str,
        *,
        limit: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> SyncPager[ObjectsListResultItem]:
        """Every object id, following ``result_info.cursor`` (or ``cursors.after``).

        ``limit`` is the page size (10 to 10,000); cap the total with ``max_pages``.
        """
        return self._gen.list(
            require_id("namespace_id", namespace_id),
            limit=check_objects_limit(limit),
            max_pages=max_pages,
            account_id=account_id,
        )
