"""The sync Pages management client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import HttpClient
from cloudflarefs.pages.management._resources import PagesDeployments, PagesDomains, PagesProjects
from cloudflarefs.pages.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "PagesClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-pages-management/{__version__}"


class PagesClient:
    """Cloudflare Pages management over the REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. Every call also takes ``account_id=``.

    Example:
        >>> with PagesClient(api_token="...", account_id="...") as pages:  # doctest: +SKIP
        ...     pages.projects.create("my-site", production_branch="main")
        ...     for deployment in pages.deployments.list("my-site", env="production"):
        ...         print(deployment.url)
    """

    projects: PagesProjects
    """Projects."""
    deployments: PagesDeployments
    """A project's deployments (Git builds, direct uploads, retries, rollbacks, logs)."""
    domains: PagesDomains
    """A project's custom domains."""

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
        self.projects = PagesProjects(http)
        self.deployments = PagesDeployments(http)
        self.domains = PagesDomains(http)

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
