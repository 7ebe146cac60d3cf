"""Async resource groups of :class:`~cloudflarefs.pages.management.aio.PagesClient`.

The generated groups (``_generated/aio.py``) plus plain-argument creation and direct uploads.
This is the one hand-written copy: the sync module is derived from it by ``tools/generate``
(unasync).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

import cloudflarefs.pages.management._generated.aio as _gen
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.pages.management._generated.models import (
    Deployments,
    Domain,
    DomainsPostInput,
    Projects,
    ProjectsInput,
)
from cloudflarefs.pages.management._inputs import deployment_parts, domain_body, project_body

__all__ = ["PagesDeployments", "PagesDomains", "PagesProjects"]


class PagesProjects(_gen.PagesProjects):
    """Pages projects: ``list`` (paged), ``get``, ``create``, ``edit``, ``delete``, ``purge_build_cache``."""

    async def create(
        self,
        name: str | None = None,
        *,
        production_branch: str | None = None,
        body: ProjectsInput | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Projects:
        """Create a project by name (Direct Upload), or from a full ``body`` (Git source...).

        Raises:
            InvalidInputError: an empty name, or a name together with ``body`` (before any request).
        """
        body = project_body(name, production_branch, body)
        return await self._create(body=body, account_id=account_id, **options)


class PagesDomains(_gen.PagesDomains):
    """A project's custom domains: ``list``, ``get``, ``create``, ``edit`` (retry validation), ``delete``."""

    async def create(
        self,
        project_name: str,
        name: str | None = None,
        *,
        body: DomainsPostInput | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Domain:
        """Add the custom domain ``name`` to a project."""
        body = domain_body(name, body)
        return await self._create(project_name, body=body, account_id=account_id, **options)


class PagesDeployments(_gen.PagesDeployments):
    """Deployments: ``list`` (paged, by ``env``), ``get``, ``get_logs``, ``retry``,
    ``rollback``, ``delete``, ``create`` (trigger a Git build of ``branch``) and :meth:`upload`.
    """

    async def upload(
        self,
        project_name: str,
        manifest: Mapping[str, str],
        *,
        branch: str | None = None,
        commit_message: str | None = None,
        commit_hash: str | None = None,
        commit_dirty: bool | None = None,
        files: Mapping[str, bytes | str] | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Deployments:
        """Create a Direct Upload deployment from a manifest of already-uploaded assets.

        Args:
            project_name: the project.
            manifest: ``{"/path": "<32-hex asset hash>"}`` for every file of the site.
            branch: the branch it deploys to (production branch when omitted).
            commit_message: shown in the dashboard.
            commit_hash: shown in the dashboard.
            commit_dirty: whether the working tree had uncommitted changes.
            files: special files by name: ``_headers``, ``_redirects``, ``_routes.json``,
                ``_worker.js``, ``_worker.bundle``, ``functions-filepath-routing-config.json``.
            account_id: overrides the client's default account.

        Raises:
            InvalidInputError: malformed manifest or unknown special file (before any request).
        """
        parts = deployment_parts(
            manifest,
            commit_message=commit_message,
            commit_hash=commit_hash,
            commit_dirty=commit_dirty,
            files=files,
        )
        return await self.create(
            project_name, branch=branch, extra_parts=parts, account_id=account_id, **options
        )
