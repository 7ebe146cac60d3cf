"""The async Workers Analytics Engine management client: ``from cloudflarefs.analytics_engine.management.aio import AnalyticsEngineClient``."""

from __future__ import annotations

from cloudflarefs.analytics_engine.management._aio_resources import (
    AnalyticsEngineSql,
)
from cloudflarefs.analytics_engine.management._version import __version__
from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient

__all__ = ["USER_AGENT_PRODUCT", "AnalyticsEngineClient", "AnalyticsEngineSql"]

USER_AGENT_PRODUCT = f"cloudflarefs-analytics-engine-management/{__version__}"


class AnalyticsEngineClient(AsyncServiceClient):
    """Workers Analytics Engine queries over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with AnalyticsEngineClient(api_token="...", account_id="...") as ae:  # doctest: +SKIP
        ...     rows = await ae.sql.query_rows("SELECT blob1 AS city FROM weather", format="csv")
    """

    user_agent_product = USER_AGENT_PRODUCT

    sql: AnalyticsEngineSql
    """The SQL API: JSON results, CSV/TSV rows, or the raw body."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.sql = AnalyticsEngineSql(http)
