"""Async resource groups of :class:`~cloudflarefs.workers.management.aio.WorkersClient`.

The generated groups (``_generated/aio.py``) plus uploads that take Python modules. It is the
one hand-written copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Unpack, cast

import cloudflarefs.workers.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions, with_options
from cloudflarefs.workers.management._assets import asset_parts
from cloudflarefs.workers.management._deployments import deployment_body
from cloudflarefs.workers.management._generated import operations
from cloudflarefs.workers.management._generated._transport import AsyncHttp, AsyncStreamResponse
from cloudflarefs.workers.management._generated.models import (
    AssetsUploadResult,
    DeploymentsCreateResult,
    ScriptResponse,
    ScriptResponseUpload,
    SecretKeyBinding,
    SecretTextBinding,
    SecretTextInput,
    VersionItemUploaded,
)
from cloudflarefs.workers.management._upload import (
    UploadOptions,
    WorkerModule,
    build_content_upload,
    build_upload,
    version_options,
)

__all__ = [
    "WorkersAssets",
    "WorkersContent",
    "WorkersDeployments",
    "WorkersEnvironments",
    "WorkersScripts",
    "WorkersSecrets",
    "WorkersVersions",
]


class WorkersScripts(_gen.WorkersScripts):
    """Workers scripts: ``list``, ``get`` (the script bytes), ``delete``, and ``upload``.

    ``update`` is the raw multipart operation (``metadata=`` plus ``extra_parts=``);
    :meth:`upload` builds that body from :class:`WorkerModule` values.
    """

    async def upload(
        self,
        script_name: str,
        modules: Sequence[WorkerModule],
        *,
        rollback_to: str | None = None,
        account_id: str | None = None,
        **options: Unpack[UploadOptions],
    ) -> ScriptResponseUpload:
        """Upload (create or replace) a Worker from its modules and metadata.

        Args:
            script_name: the Worker's name.
            modules: the modules; the first is the main module unless ``main_module`` names one.
            rollback_to: deploy this upload only if the current version is this id.
            account_id: overrides the client's default account.
            **options: ``compatibility_date``, ``compatibility_flags``, ``bindings`` (binding
                helpers or raw dicts), ``keep_bindings``, ``keep_assets``, ``tags``, ``logpush``,
                ``usage_model``, ``extra_metadata``.

        Raises:
            InvalidInputError: bad modules, metadata or script name (before any request).
        """
        metadata, parts = build_upload(modules, **options)
        return await self.update(
            script_name,
            account_id=account_id,
            rollback_to=rollback_to,
            metadata=metadata,
            extra_parts=parts,
        )

    async def get_text(
        self,
        script_name: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The script's content decoded as UTF-8 (a single-file Worker's source)."""
        return (await self.get(script_name, account_id=account_id, **options)).decode("utf-8")

    def stream(
        self, script_name: str, *, account_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> AbstractAsyncContextManager[AsyncStreamResponse]:
        """The script's content (``get``) streamed, never held whole: ``async with ... as r: async for chunk in r.aiter_bytes()``."""
        request = operations.build_scripts_get(
            account_id=self._http.resolve_account_id(account_id),
            script_name=require_non_empty("script_name", script_name),
        )
        return self._http.stream(with_options(request, options))


class WorkersContent(_gen.WorkersContent):
    """A script's code only (bindings and settings untouched): ``get`` and ``upload``."""

    async def upload(
        self,
        script_name: str,
        modules: Sequence[WorkerModule],
        *,
        main_module: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ScriptResponse:
        """Replace the code of an existing Worker, keeping its bindings and settings.

        Raises:
            InvalidInputError: bad modules or script name (before any request).
        """
        metadata, parts, headers = build_content_upload(modules, main_module)
        return await self.update(
            script_name,
            account_id=account_id,
            metadata=metadata,
            extra_parts=parts,
            **headers,
            **options,
        )

    def stream(
        self, script_name: str, *, account_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> AbstractAsyncContextManager[AsyncStreamResponse]:
        """The script's code (``get``) streamed, never held whole: ``async with ... as r: async for chunk in r.aiter_bytes()``."""
        request = operations.build_content_get(
            account_id=self._http.resolve_account_id(account_id),
            script_name=require_non_empty("script_name", script_name),
        )
        return self._http.stream(with_options(request, options))


class WorkersEnvironments(_gen.WorkersEnvironments):
    """Service environments (legacy): settings and content, with a module ``upload_content``."""

    async def upload_content(
        self,
        service_name: str,
        environment_name: str,
        modules: Sequence[WorkerModule],
        *,
        main_module: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ScriptResponse:
        """Replace the code of a service environment from its modules."""
        metadata, parts, headers = build_content_upload(modules, main_module)
        return await self.update_content(
            service_name,
            environment_name,
            account_id=account_id,
            metadata=metadata,
            extra_parts=parts,
            **headers,
            **options,
        )


class WorkersVersions(_gen.WorkersVersions):
    """Worker versions: ``list`` (pages of ``result.items``), ``get``, ``create`` and ``upload``."""

    async def upload(
        self,
        script_name: str,
        modules: Sequence[WorkerModule],
        *,
        message: str | None = None,
        tag: str | None = None,
        account_id: str | None = None,
        **options: Unpack[UploadOptions],
    ) -> VersionItemUploaded:
        """Upload a new version without deploying it (deploy with ``deployments.deploy``).

        ``message`` and ``tag`` become the ``workers/message`` and ``workers/tag``
        annotations; the other options are those of ``scripts.upload``.
        """
        metadata, parts = build_upload(modules, **version_options(options, message, tag))
        return await self.create(
            script_name, account_id=account_id, metadata=metadata, extra_parts=parts
        )


class WorkersDeployments(_gen.WorkersDeployments):
    """Deployments: ``list``, ``create`` (raw body) and :meth:`deploy`."""

    async def deploy(
        self,
        script_name: str,
        versions: str | Mapping[str, float],
        *,
        message: str | None = None,
        force: bool | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> DeploymentsCreateResult:
        """Deploy one version (``"<id>"``) or split traffic (``{"<id1>": 90, "<id2>": 10}``).

        Raises:
            InvalidInputError: percentages not totalling 100, empty ids, a message over 50
                characters (before any request).
        """
        body = deployment_body(versions, message=message)
        return await self.create(
            script_name, body=body, force=force, account_id=account_id, **options
        )


class WorkersAssets(_gen.WorkersAssets):
    """Static-asset direct uploads: :meth:`create_upload_session`, then :meth:`upload` per bucket.

    ``upload`` authenticates with the session's JWT (``Authorization: Bearer <jwt>`` instead of
    the client's credentials, over the same connection pool); the JWT never appears in a repr,
    log line or error message. The last bucket's answer carries the completion JWT that a
    script or version upload takes as ``assets.jwt``.
    """

    async def upload(
        self,
        jwt: str,
        files: Mapping[str, bytes],
        *,
        content_types: Mapping[str, str] | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AssetsUploadResult | None:
        """Upload one bucket of ``{hash: content}`` files of an upload session.

        Args:
            jwt: the upload session's JWT (``create_upload_session(...).jwt``).
            files: the file contents by their manifest hash (sent base64-encoded).
            content_types: MIME types by hash (``application/octet-stream`` otherwise).
            account_id: overrides the client's default account.
            **options: per-call request options.

        Raises:
            InvalidInputError: an empty JWT, no file, a malformed hash or a stray content type
                (before any request).
        """
        parts = asset_parts(files, content_types)
        token = require_non_empty("jwt", jwt)
        # The upload endpoint takes the session JWT, not the account token: a copy of the HTTP
        # client with the JWT as its bearer token (core's with_options shares the pool).
        swap = getattr(self._http, "with_options", None)
        if swap is None:
            raise InvalidInputError(
                "asset uploads need a cloudflarefs.core.http client (it switches to the upload JWT)"
            )
        request = operations.build_assets_upload(
            account_id=self._http.resolve_account_id(account_id), base64=True, extra_parts=parts
        )
        session = cast(AsyncHttp, swap(api_token=token))
        return operations.parse_assets_upload(await session.send(with_options(request, options)))


class WorkersSecrets(_gen.WorkersSecrets):
    """A script's secrets: ``list`` (names and types only), ``get``, ``update``, ``delete``,
    ``bulk_update``, and :meth:`put` for the common text secret.
    """

    async def put(
        self,
        script_name: str,
        name: str,
        text: str,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SecretTextBinding | SecretKeyBinding | dict[str, Any] | None:
        """Create or replace the text secret ``name`` (a new version of the script).

        Raises:
            InvalidInputError: an empty script or secret name (before any request; the value
                is never part of the message).
        """
        body = SecretTextInput(name=require_non_empty("name", name), text=text, type_="secret_text")
        return await self.update(script_name, body=body, account_id=account_id, **options)
