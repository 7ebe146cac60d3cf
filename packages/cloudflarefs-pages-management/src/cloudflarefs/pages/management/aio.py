"""The async Pages management client: ``from cloudflarefs.pages.management.aio import PagesClient``."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http import AsyncHttpClient
from cloudflarefs.pages.management._aio_resources import (
    PagesDeployments,
    PagesDomains,
    PagesProjects,
)
from cloudflarefs.pages.management._client import USER_AGENT_PRODUCT

__all__ = ["PagesClient"]


class PagesClient:
    """Cloudflare Pages management over the REST API (async).

    The same surface as :class:`cloudflarefs.pages.management.PagesClient`, with awaited
    methods and async pagers.

    Either share an existing :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. Every call also takes ``account_id=``.

    Example:
        >>> async with PagesClient(api_token="...", account_id="...") as pages:  # doctest: +SKIP
        ...     await pages.projects.create("my-site", production_branch="main")
        ...     async for deployment in pages.deployments.list("my-site", env="production"):
        ...         print(deployment.url)
    """

    projects: PagesProjects
    """Projects."""
    deployments: PagesDeployments
    """A project's deployments (Git builds, direct uploads, retries, rollbacks, logs)."""
    domains: PagesDomains
    """A project's custom domains."""

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
        self.projects = PagesProjects(http)
        self.deployments = PagesDeployments(http)
        self.domains = PagesDomains(http)

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
