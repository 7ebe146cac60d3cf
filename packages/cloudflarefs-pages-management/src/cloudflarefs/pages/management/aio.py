"""The async Pages management client: ``from cloudflarefs.pages.management.aio import PagesClient``."""

from __future__ import annotations

import cloudflarefs.pages.management._generated.aio as _gen
from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.pages.management._aio_resources import (
    PagesAssets,
    PagesDeployments,
    PagesDomains,
    PagesProjects,
)
from cloudflarefs.pages.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "PagesClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-pages-management/{__version__}"


class PagesClient(AsyncServiceClient):
    """Cloudflare Pages management over the REST API (async).

    Either share an existing :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. Every call also takes ``account_id=``.

    Example:
        >>> async with PagesClient(api_token="...", account_id="...") as pages:  # doctest: +SKIP
        ...     await pages.projects.create("my-site", production_branch="main")
        ...     async for deployment in pages.deployments.list("my-site", env="production"):
        ...         print(deployment.url)
    """

    user_agent_product = USER_AGENT_PRODUCT

    projects: PagesProjects
    """Projects."""
    deployments: PagesDeployments
    """A project's deployments (Git builds, direct uploads, retries, rollbacks, logs)."""
    domains: PagesDomains
    """A project's custom domains."""
    tails: _gen.PagesTails
    """Live log tails of a deployment (the WebSocket URL to connect to)."""
    assets: PagesAssets
    """The Direct Upload asset store (authenticated with ``projects.get_upload_token``'s JWT)."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.projects = PagesProjects(http)
        self.deployments = PagesDeployments(http)
        self.domains = PagesDomains(http)
        self.tails = _gen.PagesTails(http)
        self.assets = PagesAssets(http)
