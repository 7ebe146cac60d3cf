"""Management client for Cloudflare Pages (cloudflarefs).

``PagesClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.pages.management.aio`. Request and response models are in
:mod:`cloudflarefs.pages.management.models`.
"""

from cloudflarefs.pages.management._client import PagesClient
from cloudflarefs.pages.management._generated.models import (
    Deployments,
    DeploymentsGetLogsResult,
    DeploymentsListEnv,
    Domain,
    Projects,
)
from cloudflarefs.pages.management._inputs import DEPLOYMENT_FILES
from cloudflarefs.pages.management._resources import (
    PagesAssets,
    PagesDeployments,
    PagesDomains,
    PagesProjects,
)
from cloudflarefs.pages.management._version import __version__

__all__ = [
    "DEPLOYMENT_FILES",
    "Deployments",
    "DeploymentsGetLogsResult",
    "DeploymentsListEnv",
    "Domain",
    "PagesAssets",
    "PagesClient",
    "PagesDeployments",
    "PagesDomains",
    "PagesProjects",
    "Projects",
    "__version__",
]
