"""The async Workers for Platforms client: ``from cloudflarefs.workers_for_platforms.management.aio import WorkersForPlatformsClient``."""

from __future__ import annotations

import cloudflarefs.workers_for_platforms.management._generated.aio as _gen
from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.workers_for_platforms.management._aio_resources import (
    DispatchNamespaces,
    DispatchScriptContent,
    DispatchScripts,
    DispatchSecrets,
)
from cloudflarefs.workers_for_platforms.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "WorkersForPlatformsClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-workers-for-platforms-management/{__version__}"


class WorkersForPlatformsClient(AsyncServiceClient):
    """Workers for Platforms management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Dispatch namespaces and the user Workers inside them. Either share an existing
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``), or pass its keyword arguments
    (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...) and the client builds
    and owns one. Every call also takes ``account_id=``.

    Example:
        >>> from cloudflarefs.workers.management import WorkerModule
        >>> async with WorkersForPlatformsClient(api_token="...", account_id="...") as wfp:  # doctest: +SKIP
        ...     await wfp.namespaces.create("customers")
        ...     await wfp.scripts.upload("customers", "acme", [WorkerModule("index.js", "...")])
    """

    user_agent_product = USER_AGENT_PRODUCT

    namespaces: DispatchNamespaces
    """Dispatch namespaces."""
    scripts: DispatchScripts
    """User Workers: upload (multipart modules + metadata), get, delete."""
    content: DispatchScriptContent
    """A user Worker's code alone."""
    settings: _gen.WorkersForPlatformsSettings
    """A user Worker's settings (bindings, compatibility, limits...)."""
    bindings: _gen.WorkersForPlatformsBindings
    """A user Worker's bindings."""
    secrets: DispatchSecrets
    """A user Worker's secrets."""
    tags: _gen.WorkersForPlatformsTags
    """A user Worker's tags."""
    asset_upload: _gen.WorkersForPlatformsAssetUpload
    """Static-asset upload sessions of a user Worker (upload the buckets with ``WorkersClient.assets.upload``)."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.namespaces = DispatchNamespaces(http)
        self.scripts = DispatchScripts(http)
        self.content = DispatchScriptContent(http)
        self.settings = _gen.WorkersForPlatformsSettings(http)
        self.bindings = _gen.WorkersForPlatformsBindings(http)
        self.secrets = DispatchSecrets(http)
        self.tags = _gen.WorkersForPlatformsTags(http)
        self.asset_upload = _gen.WorkersForPlatformsAssetUpload(http)
