"""Sync resource groups: the generated groups plus module uploads and plain-argument helpers."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Unpack

from cloudflarefs.workers.management import (
    UploadOptions,
    WorkerModule,
    build_content_upload,
    build_upload,
)
from cloudflarefs.workers_for_platforms.management._generated import client as _gen
from cloudflarefs.workers_for_platforms.management._generated import operations
from cloudflarefs.workers_for_platforms.management._generated._transport import StreamResponse
from cloudflarefs.workers_for_platforms.management._generated.models import (
    NamespaceResponse,
    NamespacesCreateBody,
    ScriptResponse,
    ScriptResponseUpload,
    SecretResponse,
)
from cloudflarefs.workers_for_platforms.management._inputs import namespace_body, secret_body

__all__ = [
    "DispatchNamespaces",
    "DispatchScriptContent",
    "DispatchScripts",
    "DispatchSecrets",
]


class DispatchNamespaces(_gen.WorkersForPlatformsNamespaces):
    """Dispatch namespaces: ``list``, ``get``, ``create``, ``delete``."""

    def create(
        self,
        name: str | None = None,
        *,
        body: NamespacesCreateBody | None = None,
        account_id: str | None = None,
    ) -> NamespaceResponse:
        """Create a dispatch namespace named ``name`` (or from a full ``body``).

        Raises:
            InvalidInputError: an empty name, or both ``name`` and ``body`` (before any request).
        """
        return super().create(body=namespace_body(name, body), account_id=account_id)


class DispatchScripts(_gen.WorkersForPlatformsScripts):
    """User Workers in a dispatch namespace: ``get``, ``delete``, ``update`` and ``upload``."""

    def upload(
        self,
        dispatch_namespace: str,
        script_name: str,
        modules: Sequence[WorkerModule],
        *,
        account_id: str | None = None,
        **options: Unpack[UploadOptions],
    ) -> ScriptResponseUpload:
        """Upload (create or replace) a user Worker from its modules and metadata.

        The options are those of ``WorkersClient.scripts.upload`` (``compatibility_date``,
        ``bindings``, ``tags``, ``keep_bindings``, ...).

        Raises:
            InvalidInputError: bad modules, metadata, namespace or script name.
        """
        metadata, parts = build_upload(modules, **options)
        return self.update(
            dispatch_namespace,
            script_name,
            account_id=account_id,
            metadata=metadata,
            extra_parts=parts,
        )


class DispatchScriptContent(_gen.WorkersForPlatformsContent):
    """A user Worker's code only: ``get`` and ``upload``."""

    def stream(
        self, dispatch_namespace: str, script_name: str, *, account_id: str | None = None
    ) -> AbstractContextManager[StreamResponse]:
        """The user Worker's code (``get``) streamed, never held whole: ``with ... as r: for chunk in r.iter_bytes()``."""
        request = operations.build_content_get(
            account_id=self._http.resolve_account_id(account_id),
            dispatch_namespace=dispatch_namespace,
            script_name=script_name,
        )
        return self._http.stream(request)

    def upload(
        self,
        dispatch_namespace: str,
        script_name: str,
        modules: Sequence[WorkerModule],
        *,
        main_module: str | None = None,
        account_id: str | None = None,
    ) -> ScriptResponse:
        """Replace a user Worker's code, keeping its bindings and settings."""
        metadata, parts, headers = build_content_upload(modules, main_module)
        return self.update(
            dispatch_namespace,
            script_name,
            account_id=account_id,
            metadata=metadata,
            extra_parts=parts,
            **headers,
        )


class DispatchSecrets(_gen.WorkersForPlatformsSecrets):
    """A user Worker's secrets: ``list`` (names only), ``update`` and :meth:`put`."""

    def put(
        self,
        dispatch_namespace: str,
        script_name: str,
        name: str,
        text: str,
        *,
        account_id: str | None = None,
    ) -> SecretResponse:
        """Create or replace the secret ``name`` with ``text``."""
        return self.update(
            dispatch_namespace,
            script_name,
            body=secret_body(name, text),
            account_id=account_id,
        )
