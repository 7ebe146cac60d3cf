"""The sync Pages management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.pages.management._resources import PagesDeployments, PagesDomains, PagesProjects
from cloudflarefs.pages.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "PagesClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-pages-management/{__version__}"


class PagesClient(ServiceClient):
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

    user_agent_product = USER_AGENT_PRODUCT

    projects: PagesProjects
    """Projects."""
    deployments: PagesDeployments
    """A project's deployments (Git builds, direct uploads, retries, rollbacks, logs)."""
    domains: PagesDomains
    """A project's custom domains."""

    def _attach(self, http: HttpClient) -> None:
        self.projects = PagesProjects(http)
        self.deployments = PagesDeployments(http)
        self.domains = PagesDomains(http)
