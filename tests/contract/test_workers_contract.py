"""Workers contract: every operation of specs/workers.json, sync and async, against Prism.

Prism answers with the spec's examples, so these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models. The same
scenario runs through both clients: ``_run`` awaits what the async client returns.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from contract_support.environment import ContractEnvironment

from cloudflarefs.workers.management import (
    DeploymentsCreateResult,
    Domain,
    KVNamespaceBinding,
    PlainTextBinding,
    Routes,
    ScriptResponse,
    ScriptResponseUpload,
    VersionItemFull,
    VersionItemShort,
    VersionItemUploaded,
    WorkerModule,
)
from cloudflarefs.workers.management._generated import models as gen
from cloudflarefs.workers.management.models import (
    AccountSettingsGetResult,
    AccountSettingsUpdateBody,
    DomainsUpdateBody,
    FilterNoIdInput,
    Filters,
    FiltersCreateResult,
    RouteNoIdInput,
    SchedulesGetResult,
    SchedulesUpdateBodyItem,
    ScriptAndVersionSettingsItem,
    ScriptSettingsItem,
    ScriptSettingsItemInput,
    SubdomainGetResult,
    SubdomainUpdateBody,
    TailsCreateResult,
    UsageModelGetResult,
    UsageModelUpdateBody,
)

ZONE = "023e105f4ecef8ad9ca31a8372d0c353"
SCRIPT = "this-is_my_script-01"
VERSION = "bcf48806-b317-4351-9ee7-36e7d557d4de"
DEPLOYMENT = "bcf48806-b317-4351-9ee7-36e7d557d4de"
DOMAIN_ID = "dbe10b4bc17c295377eabd600e1787fd"
ROUTE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
FILTER_ID = "023e105f4ecef8ad9ca31a8372d0c353"
WORKER_ID = "023e105f4ecef8ad9ca31a8372d0c353"
HASH = "0123456789abcdef0123456789abcdef"
JWT = "eyJhbGciOiJIUzI1NiJ9.e30.session-token"
SECRET = (gen.SecretTextBinding, gen.SecretKeyBinding)
TIMEFRAME_MS = (1_700_000_000_000, 1_700_000_360_000)
MAIN = "export default { fetch() { return new Response('hi') } }"
MODULES = [WorkerModule("index.js", MAIN), WorkerModule("data.txt", "hello")]

Step = tuple[str, Callable[[Any], Any], Any]


def _list(pager: Any) -> Any:
    return pager.to_list()


STEPS: list[Step] = [
    # scripts, content, versions, deployments
    ("scripts.list", lambda w: _list(w.scripts.list()), ScriptResponse),
    (
        "scripts.upload",
        lambda w: w.scripts.upload(
            SCRIPT,
            MODULES,
            compatibility_date="2024-08-01",
            bindings=[
                KVNamespaceBinding(name="KV", namespace_id="0f2ac74b498b48028cb68387c421e279"),
                PlainTextBinding(name="GREETING", text="hi"),
            ],
        ),
        ScriptResponseUpload,
    ),
    ("scripts.get", lambda w: w.scripts.get(SCRIPT), bytes),
    ("scripts.delete", lambda w: w.scripts.delete(SCRIPT, force=True), type(None)),
    ("content.get", lambda w: w.content.get(SCRIPT), bytes),
    ("content.upload", lambda w: w.content.upload(SCRIPT, MODULES), ScriptResponse),
    (
        "versions.upload",
        lambda w: w.versions.upload(SCRIPT, MODULES, message="contract", tag="v1"),
        VersionItemUploaded,
    ),
    (
        "versions.list",
        lambda w: _list(w.versions.list(SCRIPT, deployable=True, per_page=10, max_pages=1)),
        VersionItemShort,
    ),
    ("versions.get", lambda w: w.versions.get(SCRIPT, VERSION), VersionItemFull),
    ("deployments.list", lambda w: _list(w.deployments.list(SCRIPT)), DeploymentsCreateResult),
    (
        "deployments.deploy",
        lambda w: w.deployments.deploy(SCRIPT, {VERSION: 100}, message="contract"),
        DeploymentsCreateResult,
    ),
    (
        "deployments.list_by_script_legacy",
        lambda w: w.deployments.list_by_script_legacy(SCRIPT),
        object,
    ),
    (
        "deployments.get_by_script_legacy",
        lambda w: w.deployments.get_by_script_legacy(SCRIPT, DEPLOYMENT),
        object,
    ),
    # per-script settings
    ("schedules.get", lambda w: w.schedules.get(SCRIPT), SchedulesGetResult),
    (
        "schedules.update",
        lambda w: w.schedules.update(SCRIPT, body=[SchedulesUpdateBodyItem(cron="*/30 * * * *")]),
        SchedulesGetResult,
    ),
    ("settings.get", lambda w: w.settings.get(SCRIPT), ScriptSettingsItem),
    (
        "settings.edit",
        lambda w: w.settings.edit(SCRIPT, body=ScriptSettingsItemInput(logpush=False)),
        ScriptSettingsItem,
    ),
    (
        "script_and_version_settings.get",
        lambda w: w.script_and_version_settings.get(SCRIPT),
        ScriptAndVersionSettingsItem,
    ),
    (
        "script_and_version_settings.edit",
        lambda w: w.script_and_version_settings.edit(SCRIPT, settings={"logpush": True}),
        ScriptAndVersionSettingsItem,
    ),
    ("tails.get", lambda w: w.tails.get(SCRIPT), TailsCreateResult),
    ("tails.create", lambda w: w.tails.create(SCRIPT), TailsCreateResult),
    (
        "tails.delete",
        lambda w: w.tails.delete(SCRIPT, "03dc9f77817b488fb26c5861ec18f791"),
        type(None),
    ),
    ("usage_model.get", lambda w: w.usage_model.get(SCRIPT), UsageModelGetResult),
    (
        "usage_model.update",
        lambda w: w.usage_model.update(SCRIPT, body=UsageModelUpdateBody(usage_model="unbound")),
        UsageModelGetResult,
    ),
    # account-level
    ("account_settings.get", lambda w: w.account_settings.get(), AccountSettingsGetResult),
    (
        "account_settings.update",
        lambda w: w.account_settings.update(
            body=AccountSettingsUpdateBody(default_usage_model="unbound")
        ),
        AccountSettingsGetResult,
    ),
    ("subdomain.get", lambda w: w.subdomain.get(), SubdomainGetResult),
    (
        "subdomain.update",
        lambda w: w.subdomain.update(body=SubdomainUpdateBody(subdomain="example-subdomain")),
        SubdomainGetResult,
    ),
    ("domains.list", lambda w: _list(w.domains.list(hostname="foo.example.com")), Domain),
    ("domains.get", lambda w: w.domains.get(DOMAIN_ID), Domain),
    (
        "domains.update",
        lambda w: w.domains.update(
            body=DomainsUpdateBody(
                environment="production",
                hostname="foo.example.com",
                service="foo",
                zone_id=ZONE,
            )
        ),
        Domain,
    ),
    ("domains.delete", lambda w: w.domains.delete(DOMAIN_ID), type(None)),
    # service environments
    (
        "environments.get_content",
        lambda w: w.environments.get_content("my-worker", "production"),
        bytes,
    ),
    (
        "environments.upload_content",
        lambda w: w.environments.upload_content("my-worker", "production", MODULES),
        ScriptResponse,
    ),
    (
        "environments.get_settings",
        lambda w: w.environments.get_settings("my-worker", "production"),
        ScriptSettingsItem,
    ),
    (
        "environments.edit_settings",
        lambda w: w.environments.edit_settings(
            "my-worker", "production", body=ScriptSettingsItemInput(logpush=True)
        ),
        ScriptSettingsItem,
    ),
    # zone-scoped
    ("routes.list", lambda w: _list(w.routes.list(ZONE)), Routes),
    (
        "routes.create",
        lambda w: w.routes.create(
            ZONE, body=RouteNoIdInput(pattern="example.net/*", script=SCRIPT)
        ),
        object,
    ),
    ("routes.get", lambda w: w.routes.get(ZONE, ROUTE_ID), Routes),
    (
        "routes.update",
        lambda w: w.routes.update(ZONE, ROUTE_ID, body=RouteNoIdInput(pattern="example.net/*")),
        Routes,
    ),
    ("routes.delete", lambda w: w.routes.delete(ZONE, ROUTE_ID), object),
    ("filters.list", lambda w: _list(w.filters.list(ZONE)), Filters),
    (
        "filters.create",
        lambda w: w.filters.create(
            ZONE, body=FilterNoIdInput(enabled=True, pattern="example.net/*")
        ),
        FiltersCreateResult,
    ),
    (
        "filters.update",
        lambda w: w.filters.update(
            ZONE, FILTER_ID, body=FilterNoIdInput(enabled=False, pattern="example.net/*")
        ),
        Filters,
    ),
    ("filters.delete", lambda w: w.filters.delete(ZONE, FILTER_ID), FiltersCreateResult),
    ("zone_script.get", lambda w: w.zone_script.get(ZONE), bytes),
    (
        "zone_script.update",
        lambda w: w.zone_script.update(ZONE, content="addEventListener('fetch', () => {})"),
        dict,
    ),
    ("zone_script.list_bindings", lambda w: w.zone_script.list_bindings(ZONE), list),
    ("zone_script.delete", lambda w: w.zone_script.delete(ZONE), type(None)),
    # newer than the 2024 spec (overlay additions): secrets
    ("secrets.list", lambda w: _list(w.secrets.list(SCRIPT)), SECRET),
    ("secrets.get", lambda w: w.secrets.get(SCRIPT, "MY_SECRET", url_encoded=False), SECRET),
    (
        "secrets.update",
        lambda w: w.secrets.update(
            SCRIPT, body=gen.SecretTextInput(name="MY_SECRET", text="s3cr3t", type_="secret_text")
        ),
        SECRET,
    ),
    ("secrets.put", lambda w: w.secrets.put(SCRIPT, "MY_SECRET", "s3cr3t"), SECRET),
    ("secrets.delete", lambda w: w.secrets.delete(SCRIPT, "MY_SECRET"), type(None)),
    (
        "secrets.bulk_update",
        lambda w: w.secrets.bulk_update(
            SCRIPT,
            body=gen.SecretsBulkUpdateBody(
                secrets={
                    "MY_SECRET": gen.SecretTextInput(
                        name="MY_SECRET", text="s3cr3t", type_="secret_text"
                    ),
                    "OLD_SECRET": None,
                }
            ),
        ),
        dict,
    ),
    # script subdomain, account subdomain delete, deployments, search
    (
        "script_subdomain.create",
        lambda w: w.script_subdomain.create(SCRIPT, enabled=True, previews_enabled=False),
        gen.ScriptSubdomainCreateResult,
    ),
    (
        "script_subdomain.get",
        lambda w: w.script_subdomain.get(SCRIPT),
        gen.ScriptSubdomainCreateResult,
    ),
    (
        "script_subdomain.delete",
        lambda w: w.script_subdomain.delete(SCRIPT),
        gen.ScriptSubdomainCreateResult,
    ),
    ("subdomain.delete", lambda w: w.subdomain.delete(), type(None)),
    ("deployments.get", lambda w: w.deployments.get(SCRIPT, DEPLOYMENT), gen.DeploymentsGetResult),
    ("deployments.delete", lambda w: w.deployments.delete(SCRIPT, DEPLOYMENT), type(None)),
    (
        "scripts.search",
        lambda w: w.scripts.search(name="my", order_by="name", page=1, per_page=10),
        gen.ScriptsSearchResultItem,
    ),
    # static-asset direct upload
    (
        "assets.create_upload_session",
        lambda w: w.assets.create_upload_session(
            SCRIPT,
            {"/index.html": gen.AssetsCreateUploadSessionBodyManifestValue(hash=HASH, size=12)},
        ),
        gen.AssetsCreateUploadSessionResult,
    ),
    (
        "assets.upload",
        lambda w: w.assets.upload(JWT, {HASH: b"<h1>hi</h1>"}, content_types={HASH: "text/html"}),
        gen.AssetsUploadResult,
    ),
    # the newer Workers API (beta)
    (
        "beta_workers.list",
        lambda w: _list(w.beta_workers.list(order="asc", per_page=10, max_pages=1)),
        gen.BetaWorkersCreateResult,
    ),
    (
        "beta_workers.create",
        lambda w: w.beta_workers.create(body=gen.BetaWorkersCreateBody(name="my-worker")),
        gen.BetaWorkersCreateResult,
    ),
    ("beta_workers.get", lambda w: w.beta_workers.get(WORKER_ID), gen.BetaWorkersCreateResult),
    (
        "beta_workers.update",
        lambda w: w.beta_workers.update(
            WORKER_ID, body=gen.BetaWorkersCreateBody(name="my-worker", tags=["a"])
        ),
        gen.BetaWorkersCreateResult,
    ),
    (
        "beta_workers.edit",
        lambda w: w.beta_workers.edit(
            WORKER_ID,
            body=gen.BetaWorkersEditBody(
                name="my-worker",
                logpush=False,
                observability=gen.BetaWorkersCreateBodyObservability(enabled=True),
                subdomain=gen.BetaWorkersCreateBodySubdomain(enabled=True),
                tags=[],
                tail_consumers=[],
            ),
        ),
        gen.BetaWorkersCreateResult,
    ),
    ("beta_workers.delete", lambda w: w.beta_workers.delete(WORKER_ID, force=True), type(None)),
    (
        "beta_worker_versions.list",
        lambda w: _list(w.beta_worker_versions.list(WORKER_ID, per_page=10, max_pages=1)),
        gen.BetaWorkerVersionsCreateResult,
    ),
    (
        "beta_worker_versions.create",
        lambda w: w.beta_worker_versions.create(
            WORKER_ID,
            deploy=True,
            body=gen.BetaWorkerVersionsCreateBody(
                compatibility_date="2025-01-01",
                main_module="index.js",
                modules=[
                    gen.BetaWorkerVersionsCreateBodyModulesItem(
                        name="index.js",
                        content_type="application/javascript+module",
                        content_base64="ZXhwb3J0IGRlZmF1bHQge30=",
                    )
                ],
            ),
        ),
        gen.BetaWorkerVersionsCreateResult,
    ),
    (
        "beta_worker_versions.get",
        lambda w: w.beta_worker_versions.get(WORKER_ID, VERSION, include="modules"),
        gen.BetaWorkerVersionsCreateResult,
    ),
    (
        "beta_worker_versions.delete",
        lambda w: w.beta_worker_versions.delete(WORKER_ID, VERSION),
        type(None),
    ),
    # Workers Observability
    (
        "observability_destinations.list",
        lambda w: _list(w.observability_destinations.list(order="desc", page=1, per_page=5)),
        gen.ObservabilityDestinationsListResultItem,
    ),
    (
        "observability_destinations.create",
        lambda w: w.observability_destinations.create(
            body=gen.ObservabilityDestinationsCreateBody(
                name="otel",
                enabled=True,
                configuration=gen.ObservabilityDestinationsCreateBodyConfiguration(
                    type_="logpush",
                    url="https://otel.example.com/v1/logs",
                    headers={"x-team": "web"},
                    logpush_dataset=gen.ObservabilityDestinationsCreateBodyConfigurationLogpushDataset.OPENTELEMETRY_LOGS,
                ),
            )
        ),
        gen.ObservabilityDestinationsCreateResult,
    ),
    (
        "observability_destinations.update",
        lambda w: w.observability_destinations.update(
            "otel",
            body=gen.ObservabilityDestinationsUpdateBody(
                enabled=False,
                configuration=gen.ObservabilityDestinationsUpdateBodyConfiguration(
                    type_="logpush", url="https://otel.example.com/v1/logs", headers={}
                ),
            ),
        ),
        gen.ObservabilityDestinationsCreateResult,
    ),
    (
        "observability_destinations.delete",
        lambda w: w.observability_destinations.delete("otel"),
        gen.ObservabilityDestinationsDeleteResult,
    ),
    (
        "observability_queries.list",
        lambda w: _list(w.observability_queries.list()),
        gen.ObservabilityQueriesCreateResult,
    ),
    (
        "observability_queries.create",
        lambda w: w.observability_queries.create(
            body=gen.ObservabilityQueriesCreateBody(
                name="errors",
                description=None,
                parameters=gen.ObservabilityQueriesCreateBodyParameters(
                    datasets=["cloudflare-workers"]
                ),
            )
        ),
        gen.ObservabilityQueriesCreateResult,
    ),
    (
        "observability_shared_queries.create",
        lambda w: w.observability_shared_queries.create(
            body=gen.ObservabilitySharedQueriesCreateBody(
                query_id="errors",
                timeframe=gen.ObservabilitySharedQueriesCreateBodyTimeframe(
                    from_=TIMEFRAME_MS[0], to=TIMEFRAME_MS[1]
                ),
            )
        ),
        gen.ObservabilitySharedQueriesCreateResult,
    ),
    (
        "observability_shared_queries.get",
        lambda w: w.observability_shared_queries.get("abc123", view="events"),
        gen.ObservabilitySharedQueriesGetResult,
    ),
    (
        "telemetry.keys",
        lambda w: _list(
            w.telemetry.keys(body=gen.TelemetryKeysBody(from_=TIMEFRAME_MS[0], to=TIMEFRAME_MS[1]))
        ),
        gen.TelemetryKeysResultItem,
    ),
    (
        "telemetry.values",
        lambda w: _list(
            w.telemetry.values(
                body=gen.TelemetryValuesBody(
                    datasets=["cloudflare-workers"],
                    key="$metadata.service",
                    type_=gen.ObservabilityQueriesCreateBodyParametersCalculationsItemVariant1KeyType.STRING,
                    timeframe=gen.TelemetryValuesBodyTimeframe(
                        from_=TIMEFRAME_MS[0], to=TIMEFRAME_MS[1]
                    ),
                )
            )
        ),
        gen.TelemetryValuesResultItem,
    ),
    (
        "telemetry.query",
        lambda w: w.telemetry.query(
            body=gen.ObservabilitySharedQueriesCreateBody(
                query_id="errors",
                timeframe=gen.ObservabilitySharedQueriesCreateBodyTimeframe(
                    from_=TIMEFRAME_MS[0], to=TIMEFRAME_MS[1]
                ),
            )
        ),
        gen.TelemetryQueryResult,
    ),
    (
        "telemetry.live_tail",
        lambda w: w.telemetry.live_tail(body=gen.TelemetryLiveTailBody(script_id=SCRIPT)),
        gen.TelemetryLiveTailResult,
    ),
    (
        "telemetry.live_tail_heartbeat",
        lambda w: w.telemetry.live_tail_heartbeat(SCRIPT),
        type(None),
    ),
]


def _check(name: str, value: Any, expected: Any) -> None:
    if isinstance(value, list) and expected not in (list, object):
        assert value, f"{name}: the example list is empty"
        assert all(isinstance(v, expected) for v in value), f"{name}: {value!r}"  # pyright: ignore[reportUnknownVariableType]
    else:
        assert isinstance(value, expected), f"{name}: {value!r}"


PARAMS = [pytest.param(s, id=s[0]) for s in STEPS]


@pytest.mark.parametrize("step", PARAMS)
def test_workers_sync(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    with contract.client("workers", "sync") as workers:
        _check(name, call(workers), expected)


@pytest.mark.parametrize("step", PARAMS)
async def test_workers_async(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    async with contract.client("workers", "async") as workers:
        result = call(workers)
        value = await result if inspect.isawaitable(result) else result
        _check(name, value, expected)
