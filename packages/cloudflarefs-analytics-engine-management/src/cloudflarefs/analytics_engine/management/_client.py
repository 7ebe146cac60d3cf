"""The sync Workers Analytics Engine management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.analytics_engine.management._resources import (
    AnalyticsEngineSql,
)
from cloudflarefs.analytics_engine.management._version import __version__
from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient

__all__ = ["USER_AGENT_PRODUCT", "AnalyticsEngineClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-analytics-engine-management/{__version__}"


class AnalyticsEngineClient:
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

    sql: AnalyticsEngineSql
    """The SQL API: JSON results, CSV/TSV rows, or the raw body."""

    def __init__(self, *, http: HttpClient | None = None, **http_kwargs: Any) -> None:
        if http is not None and http_kwargs:
            raise ConfigurationError(
                "pass either http= or HttpClient arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        self._owns_http = http is None
        if http is None:
            http_kwargs.setdefault("user_agent_product", USER_AGENT_PRODUCT)
            http = HttpClient(**http_kwargs)
        self._http = http
        self.sql = AnalyticsEngineSql(http)

    @property
    def http(self) -> HttpClient:
        """The HTTP client this client sends through."""
        return self._http

    def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(owns_http={self._owns_http})"
