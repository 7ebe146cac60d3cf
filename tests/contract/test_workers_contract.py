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
