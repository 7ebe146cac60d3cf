"""Durable Objects through the local API: an upload's migrations make namespaces, once.

A Python Durable Object class bound with ``durable_object_namespace`` runs in the served Worker
(the harness' Python Durable Objects). Its storage belongs to the namespace, so it outlives
uploads and a rename, and a deleted class loses it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import httpx
import pytest

from cloudflarefs.core import BadRequestError
from cloudflarefs.durable_objects.management import DurableObjectsClient
from cloudflarefs.durable_objects.management.aio import (
    DurableObjectsClient as AsyncDurableObjectsClient,
)
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.workers.management import DurableObjectBinding, WorkerModule, WorkersClient

ENTRY = textwrap.dedent(
    """
    from workers import Response, WorkerEntrypoint

    from cloudflarefs.durable_objects.runtime import DurableObject, DurableObjectNamespace
    from cloudflarefs.workers.runtime import Env


    class {cls}(DurableObject):
        async def increment(self):
            n = (await self.storage.get("n") or 0) + 1
            await self.storage.put("n", n)
            return n


    class CounterEnv(Env):
        COUNTER: DurableObjectNamespace


    class Default(WorkerEntrypoint):
        async def fetch(self, request):
            env = CounterEnv.from_js(self.env)
            return Response(str(await env.COUNTER.get_by_name("one").increment()))
    """
)


def _upload(
    workers: WorkersClient, name: str, cls: str, migrations: dict[str, Any] | None, bound: str = ""
) -> None:
    workers.scripts.upload(
        name,
        [WorkerModule("entry.py", ENTRY.format(cls=cls))],
        compatibility_date="2025-06-01",
        compatibility_flags=["python_workers"],
        bindings=[DurableObjectBinding(name="COUNTER", class_name=bound or cls)],
        extra_metadata={"migrations": migrations} if migrations is not None else {},
    )


def _count(api: LocalApi) -> int:
    return int(httpx.get(api.worker_url, timeout=60).text)


def _code(call: Any) -> int | str | None:
    with pytest.raises(BadRequestError) as info:
        call()
    return info.value.codes[0]


def test_migrations_apply_once_and_storage_follows_the_namespace(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    name = f"counter-{unique}"
    with WorkersClient(**client_kwargs) as workers, DurableObjectsClient(**client_kwargs) as dos:

        def namespaces() -> dict[str, str]:
            found = dos.namespaces.list().to_list()
            return {str(ns.class_): str(ns.id) for ns in found if ns.script == name}

        v1 = {"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Counter"]}]}
        _upload(workers, name, "Counter", v1)
        assert [_count(local_api), _count(local_api)] == [1, 2]
        [(cls, first_id)] = namespaces().items()
        assert cls == "Counter"
        [script] = [s for s in workers.scripts.list().to_list() if s.id == name]
        assert script.extra["migration_tag"] == "v1"

        # Applied once: the same migration again, or a wrong old_tag, fails the precondition.
        assert _code(lambda: _upload(workers, name, "Counter", v1)) == 10079
        v2_wrong = {"old_tag": "v0", "new_tag": "v2", "steps": [{"new_classes": ["Other"]}]}
        assert _code(lambda: _upload(workers, name, "Counter", v2_wrong)) == 10079
        # A binding to a class no migration created.
        assert _code(lambda: _upload(workers, name, "Counter", None, bound="Ghost")) == 10061
        assert _count(local_api) == 3, (
            "a refused upload leaves the Worker and its objects as they were"
        )

        # No migrations: the namespace and its objects stay.
        _upload(workers, name, "Counter", None)
        assert _count(local_api) == 4
        # A rename keeps the namespace (same id) and so the objects.
        rename = {"from": "Counter", "to": "Tally"}
        _upload(workers, name, "Tally", {"old_tag": "v1", "new_tag": "v2", "steps": [{"renamed_classes": [rename]}]})  # fmt: skip
        assert namespaces() == {"Tally": first_id}
        assert _count(local_api) == 5
        # Delete, then create again: a new namespace with empty storage.
        _upload(
            workers,
            name,
            "Counter",
            {"old_tag": "v2", "new_tag": "v4", "steps": [
                {"deleted_classes": ["Tally"]}, {"new_sqlite_classes": ["Counter"]}
            ]},
        )  # fmt: skip
        assert list(namespaces()) == ["Counter"] and namespaces()["Counter"] != first_id
        assert _count(local_api) == 1

        workers.scripts.delete(name)
        assert namespaces() == {}


async def test_namespaces_list_async(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    name = f"counter-{unique}"
    with WorkersClient(**client_kwargs) as workers:
        _upload(workers, name, "Counter", {"new_tag": "v1", "new_classes": ["Counter"]})
    async with AsyncDurableObjectsClient(**client_kwargs) as dos:
        found = [ns for ns in await dos.namespaces.list().to_list() if ns.script == name]
    assert [(ns.name, ns.class_, ns.extra["use_sqlite"]) for ns in found] == [
        (f"{name}_Counter", "Counter", False)
    ]
    assert _count(local_api) == 1  # a key-value-backed class (single-step form) runs too
