"""Workers for Platforms contract: every operation of specs/workers_for_platforms.json, sync and
async, through WorkersForPlatformsClient against Prism (``_run`` awaits the async client).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from contract_support.environment import ContractEnvironment

from cloudflarefs.workers_for_platforms.management import (
    KVNamespaceBinding,
    NamespaceResponse,
    NamespaceScriptResponse,
    ScriptResponse,
    ScriptResponseUpload,
    SecretResponse,
    WorkerModule,
)
from cloudflarefs.workers_for_platforms.management.models import (
    AssetUploadCreateBodyManifestValue,
    AssetUploadCreateResult,
    ScriptAndVersionSettingsItem,
    SecretKeyBinding,
    SecretsBulkUpdateBody,
    SecretTextBinding,
    SecretTextInput,
)

NS = "my-dispatch-namespace"
SCRIPT = "this-is_my_script-01"
HASH = "0123456789abcdef0123456789abcdef"
SECRET = (SecretTextBinding, SecretKeyBinding)
MODULES = [WorkerModule("index.js", "export default { fetch() { return new Response('hi') } }")]


Step = tuple[str, Callable[[Any], Any], Any]


def _list(pager: Any) -> Any:
    return pager.to_list()


STEPS: list[Step] = [
    ("namespaces.list", lambda c: _list(c.namespaces.list()), NamespaceResponse),
    ("namespaces.create", lambda c: c.namespaces.create(NS), NamespaceResponse),
    ("namespaces.get", lambda c: c.namespaces.get(NS), NamespaceResponse),
    ("namespaces.delete", lambda c: c.namespaces.delete(NS), type(None)),
    (
        "scripts.upload",
        lambda c: c.scripts.upload(
            NS,
            SCRIPT,
            MODULES,
            compatibility_date="2024-08-01",
            bindings=[
                KVNamespaceBinding(name="KV", namespace_id="0f2ac74b498b48028cb68387c421e279")
            ],
        ),
        ScriptResponseUpload,
    ),
    ("scripts.get", lambda c: c.scripts.get(NS, SCRIPT), NamespaceScriptResponse),
    ("scripts.delete", lambda c: c.scripts.delete(NS, SCRIPT, force=True), type(None)),
    ("bindings.get", lambda c: c.bindings.get(NS, SCRIPT), list),
    ("content.get", lambda c: c.content.get(NS, SCRIPT), bytes),
    ("content.upload", lambda c: c.content.upload(NS, SCRIPT, MODULES), ScriptResponse),
    ("settings.get", lambda c: c.settings.get(NS, SCRIPT), ScriptAndVersionSettingsItem),
    (
        "settings.edit",
        lambda c: c.settings.edit(NS, SCRIPT, settings={"logpush": True}),
        ScriptAndVersionSettingsItem,
    ),
    ("secrets.list", lambda c: _list(c.secrets.list(NS, SCRIPT)), SecretResponse),
    ("secrets.put", lambda c: c.secrets.put(NS, SCRIPT, "MY_SECRET", "s3cr3t"), SecretResponse),
    # newer than the 2024 spec (overlay additions)
    ("secrets.get", lambda c: c.secrets.get(NS, SCRIPT, "MY_SECRET"), SECRET),
    ("secrets.delete", lambda c: c.secrets.delete(NS, SCRIPT, "MY_SECRET"), type(None)),
    (
        "secrets.bulk_update",
        lambda c: c.secrets.bulk_update(
            NS,
            SCRIPT,
            body=SecretsBulkUpdateBody(
                secrets={
                    "MY_SECRET": SecretTextInput(
                        name="MY_SECRET", text="s3cr3t", type_="secret_text"
                    ),
                    "OLD_SECRET": None,
                }
            ),
        ),
        dict,
    ),
    (
        "asset_upload.create",
        lambda c: c.asset_upload.create(
            NS,
            SCRIPT,
            {"/index.html": AssetUploadCreateBodyManifestValue(hash=HASH, size=12)},
        ),
        AssetUploadCreateResult,
    ),
    ("tags.list", lambda c: _list(c.tags.list(NS, SCRIPT)), str),
    ("tags.update", lambda c: c.tags.update(NS, SCRIPT, body=["free", "customer"]), list),
    ("tags.put", lambda c: c.tags.put(NS, SCRIPT, "free"), type(None)),
    ("tags.delete", lambda c: c.tags.delete(NS, SCRIPT, "free"), type(None)),
]
PARAMS = [pytest.param(s, id=s[0]) for s in STEPS]


def _check(name: str, value: Any, expected: Any) -> None:
    if isinstance(value, list) and expected not in (list, object):
        assert value, f"{name}: the example list is empty"
        assert all(isinstance(v, expected) for v in value), f"{name}: {value!r}"  # pyright: ignore[reportUnknownVariableType]
    else:
        assert isinstance(value, expected), f"{name}: {value!r}"


@pytest.mark.parametrize("step", PARAMS)
def test_workers_for_platforms_sync(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    with contract.client("workers_for_platforms", "sync") as wfp:
        _check(name, call(wfp), expected)


@pytest.mark.parametrize("step", PARAMS)
async def test_workers_for_platforms_async(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    async with contract.client("workers_for_platforms", "async") as wfp:
        result = call(wfp)
        value = await result if inspect.isawaitable(result) else result
        _check(name, value, expected)
