"""Workers scripts through the local API: an upload (re)loads the served Worker."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import httpx

from cloudflarefs.hyperdrive.management import HyperdriveClient, Origin
from cloudflarefs.kv.management import KVClient
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.workers.management import (
    HyperdriveBinding,
    KVNamespaceBinding,
    PlainTextBinding,
    SecretTextBinding,
    WorkerModule,
    WorkersClient,
)
from cloudflarefs.workers.management.aio import WorkersClient as AsyncWorkersClient

ENTRY = textwrap.dedent(
    """
    from workers import Response, WorkerEntrypoint

    from helper import shout


    class Default(WorkerEntrypoint):
        async def fetch(self, request):
            stored = await self.env.STORE.get("greeting")
            secret = getattr(self.env, "TOKEN", "")
            return Response(f"{VERSION}|{shout(self.env.WHO)}|{stored}|{len(secret)}")
    """
)
HELPER = "def shout(text):\n    return text.upper()\n"


def _modules(version: str) -> list[WorkerModule]:
    return [
        WorkerModule("entry.py", f"VERSION = {version!r}\n" + ENTRY),
        WorkerModule("helper.py", HELPER),
    ]


def test_workers_scenario_sync(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    name = f"hello-{unique}"
    with WorkersClient(**client_kwargs) as workers, KVClient(**client_kwargs) as kv:
        ns = kv.namespaces.create(f"store-{unique}")
        kv.values.put(ns.id, "greeting", "hi from KV")
        bindings = [
            KVNamespaceBinding(name="STORE", namespace_id=ns.id),
            PlainTextBinding(name="WHO", text="ada"),
            SecretTextBinding(name="TOKEN", text="s3cr3t"),
        ]
        workers.scripts.upload(
            name,
            _modules("v1"),
            compatibility_date="2025-06-01",
            compatibility_flags=["python_workers"],
            bindings=bindings,
        )
        assert httpx.get(local_api.worker_url).text == "v1|ADA|hi from KV|6"
        assert name in [s.id for s in workers.scripts.list().to_list()]
        assert "VERSION = 'v1'" in workers.scripts.get_text(name)

        workers.scripts.upload(
            name, _modules("v2"), compatibility_date="2025-06-01", bindings=bindings
        )
        assert httpx.get(local_api.worker_url).text.startswith("v2|")

        versions = workers.versions.list(name).to_list()
        first = min(versions, key=lambda v: v.number or 0)
        workers.deployments.deploy(name, str(first.id))  # roll back to the first upload
        assert httpx.get(local_api.worker_url).text.startswith("v1|")
        [latest, *_] = workers.deployments.list(name).to_list()
        assert str(first.id) in str(latest)
        settings = httpx.get(
            f"{local_api.base_url}/accounts/{local_api.account_id}/workers/scripts/{name}/settings",
            headers={"authorization": "Bearer local-token"},
        ).json()["result"]
        assert {"type": "secret_text", "name": "TOKEN"} in settings["bindings"]
        assert "s3cr3t" not in str(settings)
        # Code only: bindings (KV, var, secret) stay as they were.
        workers.content.upload(name, _modules("v3"))
        assert httpx.get(local_api.worker_url).text == "v3|ADA|hi from KV|6"
        workers.scripts.delete(name)


async def test_workers_scenario_async(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    name = f"async-{unique}"
    async with AsyncWorkersClient(**client_kwargs) as workers:
        bindings = [
            KVNamespaceBinding(name="STORE", namespace_id=f"{unique}0" * 4),
            PlainTextBinding(name="WHO", text="grace"),
        ]
        uploaded = await workers.scripts.upload(
            name, _modules("a1"), compatibility_date="2025-06-01", bindings=bindings
        )
        assert uploaded.id == name
        async with httpx.AsyncClient() as http:
            # An empty namespace: the raw binding returns JS null, printed as jsnull.
            assert (await http.get(local_api.worker_url)).text == "a1|GRACE|jsnull|0"
        listed = [s.id for s in await workers.scripts.list().to_list()]
        assert name in listed
        await workers.scripts.delete(name)


HYPERDRIVE_ENTRY = textwrap.dedent(
    """
    from workers import Response, WorkerEntrypoint


    class Default(WorkerEntrypoint):
        async def fetch(self, request):
            hd = self.env.HD
            return Response(f"{hd.user}@{hd.port}/{hd.database}|{self.env.MODE}")
    """
)


def test_uploaded_bindings_reach_hyperdrive_configs(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    with WorkersClient(**client_kwargs) as workers, HyperdriveClient(**client_kwargs) as hd:
        config = hd.configs.create(
            f"pg-{unique}", origin=Origin.from_url("postgresql://app:pw@127.0.0.1:5432/orders")
        )
        assert config.id is not None
        name = f"hd-{unique}"
        workers.scripts.upload(
            name,
            [WorkerModule("main.py", HYPERDRIVE_ENTRY)],
            compatibility_date="2025-06-01",
            bindings=[
                HyperdriveBinding(name="HD", id=config.id),
                PlainTextBinding(name="MODE", text="one"),
            ],
        )
        assert httpx.get(local_api.worker_url).text == "app@5432/orders|one"

        # A settings change (new plain_text value) is a new version, served at once.
        url = (
            f"{local_api.base_url}/accounts/{local_api.account_id}/workers/scripts/{name}/settings"
        )
        patched = httpx.patch(
            url,
            files={
                "settings": (
                    None,
                    json.dumps(
                        {
                            "bindings": [
                                {"type": "hyperdrive", "name": "HD", "id": config.id},
                                {"type": "plain_text", "name": "MODE", "text": "two"},
                            ]
                        }
                    ),
                    "application/json",
                )
            },
            headers={"authorization": "Bearer local-token"},
        )
        assert patched.status_code == 200, patched.text
        assert httpx.get(local_api.worker_url).text == "app@5432/orders|two"
        assert len(workers.versions.list(name).to_list()) == 2
        workers.scripts.delete(name)
        hd.configs.delete(config.id)
