"""The sync D1 management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.d1.management._resources import (
    D1Databases,
)
from cloudflarefs.d1.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "D1Client"]

USER_AGENT_PRODUCT = f"cloudflarefs-d1-management/{__version__}"


class D1Client(ServiceClient):
    """D1 management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` set here is the default for every call;
    each method also takes ``account_id=``.

    Example:
        >>> with D1Client(api_token="...", account_id="...") as d1:  # doctest: +SKIP
        ...     db = d1.databases.create("app")
        ...     d1.databases.query(db.uuid, "SELECT ?1 AS n", [42])[0].results
        [{"n": 42}]
    """

    user_agent_product = USER_AGENT_PRODUCT

    databases: D1Databases
    """Databases: CRUD, SQL queries, export and import."""

    def _attach(self, http: HttpClient) -> None:
        self.databases = D1Databases(http)
