"""The async D1 management client: ``from cloudflarefs.d1.management.aio import D1Client``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.d1.management._aio_resources import (
    D1Databases,
    D1TimeTravel,
)
from cloudflarefs.d1.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "D1Client", "D1Databases"]

USER_AGENT_PRODUCT = f"cloudflarefs-d1-management/{__version__}"


class D1Client(AsyncServiceClient):
    """D1 management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with D1Client(api_token="...", account_id="...") as d1:  # doctest: +SKIP
        ...     async for db in d1.databases.list():
        ...         print(db.name)
    """

    user_agent_product = USER_AGENT_PRODUCT

    databases: D1Databases
    """Databases: CRUD, read replication, SQL queries, export and import."""
    time_travel: D1TimeTravel
    """Time Travel: bookmarks and point-in-time restore."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.databases = D1Databases(http)
        self.time_travel = D1TimeTravel(http)
