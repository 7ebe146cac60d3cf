"""The async Workers management client: ``from cloudflarefs.workers.management.aio import WorkersClient``."""

from __future__ import annotations

import cloudflarefs.workers.management._generated.aio as _gen
from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.workers.management._aio_resources import (
    WorkersAssets,
    WorkersContent,
    WorkersDeployments,
    WorkersEnvironments,
    WorkersScripts,
    WorkersSecrets,
    WorkersVersions,
)
from cloudflarefs.workers.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "WorkersClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-workers-management/{__version__}"


class WorkersClient(AsyncServiceClient):
    """Cloudflare Workers management over the REST API (async).

    Either share an existing :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` given here is the default of every
    account-scoped call; each of them also takes ``account_id=``.

    Example:
        >>> from cloudflarefs.workers.management import WorkerModule
        >>> from cloudflarefs.workers.management.aio import WorkersClient
        >>> async with WorkersClient(api_token="...", account_id="...") as workers:  # doctest: +SKIP
        ...     await workers.scripts.upload(
        ...         "hello",
        ...         [WorkerModule("index.js", "export default {fetch() {return new Response('hi')}}")],
        ...         compatibility_date="2025-01-01",
        ...     )
    """

    user_agent_product = USER_AGENT_PRODUCT

    scripts: WorkersScripts
    """Scripts: list, download, upload (multipart modules + metadata), delete."""
    content: WorkersContent
    """A script's code alone."""
    versions: WorkersVersions
    """Versions of a script (upload without deploying, list, get)."""
    deployments: WorkersDeployments
    """Deployments of versions (gradual rollouts)."""
    settings: _gen.WorkersSettings
    """Script settings (logpush, tail consumers)."""
    script_and_version_settings: _gen.WorkersScriptAndVersionSettings
    """Settings shared by a script and its versions (bindings, compatibility, limits...)."""
    schedules: _gen.WorkersSchedules
    """Cron triggers."""
    tails: _gen.WorkersTails
    """Live tail sessions (the WebSocket URL to connect to)."""
    usage_model: _gen.WorkersUsageModel
    """A script's usage model."""
    subdomain: _gen.WorkersSubdomain
    """The account's ``workers.dev`` subdomain."""
    account_settings: _gen.WorkersAccountSettings
    """Account-wide Workers settings."""
    domains: _gen.WorkersDomains
    """Custom domains attached to Workers."""
    environments: WorkersEnvironments
    """Service environments (legacy)."""
    routes: _gen.WorkersRoutes
    """Zone routes (zone-scoped: take ``zone_id``)."""
    filters: _gen.WorkersFilters
    """Zone route filters (deprecated)."""
    zone_script: _gen.WorkersZoneScript
    """The single zone-level script (deprecated)."""
    secrets: WorkersSecrets
    """A script's secrets (values are write-only: never returned, never in a repr)."""
    script_subdomain: _gen.WorkersScriptSubdomain
    """A script's ``workers.dev`` route and preview URLs."""
    assets: WorkersAssets
    """Static-asset direct uploads (upload session, then buckets with its JWT)."""
    beta_workers: _gen.WorkersBetaWorkers
    """The newer Workers API (beta): a Worker as a resource of its own."""
    beta_worker_versions: _gen.WorkersBetaWorkerVersions
    """Versions of a Worker in the newer Workers API (beta)."""
    observability_destinations: _gen.WorkersObservabilityDestinations
    """Workers Observability export destinations."""
    observability_queries: _gen.WorkersObservabilityQueries
    """Saved Workers Observability queries."""
    observability_shared_queries: _gen.WorkersObservabilitySharedQueries
    """Shared Workers Observability query links."""
    telemetry: _gen.WorkersTelemetry
    """Workers Observability telemetry: keys, values, queries and live-tail sessions."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.scripts = WorkersScripts(http)
        self.content = WorkersContent(http)
        self.versions = WorkersVersions(http)
        self.deployments = WorkersDeployments(http)
        self.settings = _gen.WorkersSettings(http)
        self.script_and_version_settings = _gen.WorkersScriptAndVersionSettings(http)
        self.schedules = _gen.WorkersSchedules(http)
        self.tails = _gen.WorkersTails(http)
        self.usage_model = _gen.WorkersUsageModel(http)
        self.subdomain = _gen.WorkersSubdomain(http)
        self.account_settings = _gen.WorkersAccountSettings(http)
        self.domains = _gen.WorkersDomains(http)
        self.environments = WorkersEnvironments(http)
        self.routes = _gen.WorkersRoutes(http)
        self.filters = _gen.WorkersFilters(http)
        self.zone_script = _gen.WorkersZoneScript(http)
        self.secrets = WorkersSecrets(http)
        self.script_subdomain = _gen.WorkersScriptSubdomain(http)
        self.assets = WorkersAssets(http)
        self.beta_workers = _gen.WorkersBetaWorkers(http)
        self.beta_worker_versions = _gen.WorkersBetaWorkerVersions(http)
        self.observability_destinations = _gen.WorkersObservabilityDestinations(http)
        self.observability_queries = _gen.WorkersObservabilityQueries(http)
        self.observability_shared_queries = _gen.WorkersObservabilitySharedQueries(http)
        self.telemetry = _gen.WorkersTelemetry(http)
