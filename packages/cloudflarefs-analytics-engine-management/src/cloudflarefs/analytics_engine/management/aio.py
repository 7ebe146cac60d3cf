"""The async Workers Analytics Engine management client: ``from cloudflarefs.analytics_engine.management.aio import AnalyticsEngineClient``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.analytics_engine.management._aio_resources import (
    AnalyticsEngineSql,
)
from cloudflarefs.analytics_engine.management._client import USER_AGENT_PRODUCT
from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import AsyncHttpClient

__all__ = ["AnalyticsEngineClient", "AnalyticsEngineSql"]


class AnalyticsEngineClient:
    """Workers Analytics Engine queries over the Cloudflare REST API (async).

    The same surface as :class:`cloudflarefs.analytics_engine.management.AnalyticsEngineClient` with awaited methods and
    :class:`~cloudflarefs.core.AsyncPager` lists (``async for``). Either share an
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its keyword arguments.

    Example:
        >>> async with AnalyticsEngineClient(api_token="...", account_id="...") as ae:  # doctest: +SKIP
        ...     rows = await ae.sql.query_rows("SELECT blob1 AS city FROM weather", format="csv")
    """

    sql: AnalyticsEngineSql
    """The SQL API: JSON results, CSV/TSV rows, or the raw body."""

    def __init__(self, *, http: AsyncHttpClient | None = None, **http_kwargs: Any) -> None:
        if http is not None and http_kwargs:
            raise ConfigurationError(
                "pass either http= or AsyncHttpClient arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        self._owns_http = http is None
        if http is None:
            http_kwargs.setdefault("user_agent_product", USER_AGENT_PRODUCT)
            http = AsyncHttpClient(**http_kwargs)
        self._http = http
        self.sql = AnalyticsEngineSql(http)

    @property
    def http(self) -> AsyncHttpClient:
        """The HTTP client this client sends through."""
        return self._http

    async def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            await self._http.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(owns_http={self._owns_http})"
