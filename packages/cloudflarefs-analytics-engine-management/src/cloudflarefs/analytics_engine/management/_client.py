"""The sync Workers Analytics Engine management client."""

from __future__ import annotations

from cloudflarefs.analytics_engine.management._resources import (
    AnalyticsEngineSql,
)
from cloudflarefs.analytics_engine.management._version import __version__
from cloudflarefs.core.http import HttpClient, ServiceClient

__all__ = ["USER_AGENT_PRODUCT", "AnalyticsEngineClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-analytics-engine-management/{__version__}"


class AnalyticsEngineClient(ServiceClient):
    """Workers Analytics Engine queries over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. The ``account_id`` given here is the default of every
    call; each method also takes ``account_id=``. Datapoints are written from Workers with
    the runtime binding (``cloudflarefs-analytics-engine-runtime``).

    Example:
        >>> with AnalyticsEngineClient(api_token="...", account_id="...") as ae:  # doctest: +SKIP
        ...     result = ae.sql.query("SELECT blob1 AS city, count() AS n FROM weather GROUP BY city")
        ...     [(row["city"], row["n"]) for row in result.data]
    """

    user_agent_product = USER_AGENT_PRODUCT

    sql: AnalyticsEngineSql
    """The SQL API: JSON results, CSV/TSV rows, or the raw body."""

    def _attach(self, http: HttpClient) -> None:
        self.sql = AnalyticsEngineSql(http)
