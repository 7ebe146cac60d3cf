"""Async resource groups of :class:`~cloudflarefs.pages.management.aio.PagesClient`.

The generated groups (``_generated/aio.py``) plus plain-argument creation and direct uploads.
This is the one hand-written copy: the sync module is derived from it by ``tools/generate``
(unasync).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Unpack, cast

import cloudflarefs.pages.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions, with_options
from cloudflarefs.pages.management._assets import asset_hashes, upload_items
from cloudflarefs.pages.management._generated import operations
from cloudflarefs.pages.management._generated._transport import AsyncHttp
from cloudflarefs.pages.management._generated.models import (
    AssetsCheckMissingBody,
    Deployments,
    Domain,
    DomainsPostInput,
    Projects,
    ProjectsInput,
)
from cloudflarefs.pages.management._inputs import deployment_parts, domain_body, project_body

__all__ = ["PagesAssets", "PagesDeployments", "PagesDomains", "PagesProjects"]


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


class PagesAssets(_gen.PagesAssets):
    """The Direct Upload asset store: :meth:`check_missing`, :meth:`upload`, :meth:`upsert_hashes`.

    Each call authenticates with the short-lived ``jwt`` of ``projects.get_upload_token``
    (``Authorization: Bearer <jwt>`` instead of the client's credentials, over the same
    connection pool); the JWT never appears in a repr, log line or error message.
    """

    def _jwt_http(self, jwt: str) -> AsyncHttp:
        # The asset store takes the upload JWT, not the account token: a copy of the HTTP client
        # with the JWT as its bearer token (core's with_options shares the connection pool).
        token = require_non_empty("jwt", jwt)
        swap = getattr(self._http, "with_options", None)
        if swap is None:
            raise InvalidInputError(
                "asset uploads need a cloudflarefs.core.http client (it switches to the upload JWT)"
            )
        return cast(AsyncHttp, swap(api_token=token))

    async def check_missing(
        self, jwt: str, hashes: Iterable[str], **options: Unpack[RequestOptions]
    ) -> list[str]:
        """The hashes among ``hashes`` the asset store does not hold yet (upload those).

        Raises:
            InvalidInputError: an empty JWT, no hash or a malformed one (before any request).
        """
        body = AssetsCheckMissingBody(hashes=asset_hashes(hashes))
        request = with_options(operations.build_assets_check_missing(body=body), options)
        return operations.parse_assets_check_missing(await self._jwt_http(jwt).send(request))

    async def upload(
        self,
        jwt: str,
        files: Mapping[str, bytes],
        *,
        content_types: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Upload ``{hash: content}`` files (sent base64-encoded), e.g. those ``check_missing`` named.

        Args:
            jwt: the upload token of ``projects.get_upload_token``.
            files: the file contents by their 32-hex manifest hash.
            content_types: MIME types by hash (``application/octet-stream`` otherwise).
            **options: per-call request options.

        Raises:
            InvalidInputError: an empty JWT, no file, a malformed hash or a stray content type
                (before any request).
        """
        body = upload_items(files, content_types)
        request = with_options(operations.build_assets_upload(body=body), options)
        operations.parse_assets_upload(await self._jwt_http(jwt).send(request))

    async def upsert_hashes(
        self, jwt: str, hashes: Iterable[str], **options: Unpack[RequestOptions]
    ) -> None:
        """Mark ``hashes`` as recently uploaded, so later deployments skip re-uploading them.

        Raises:
            InvalidInputError: an empty JWT, no hash or a malformed one (before any request).
        """
        body = AssetsCheckMissingBody(hashes=asset_hashes(hashes))
        request = with_options(operations.build_assets_upsert_hashes(body=body), options)
        operations.parse_assets_upsert_hashes(await self._jwt_http(jwt).send(request))
