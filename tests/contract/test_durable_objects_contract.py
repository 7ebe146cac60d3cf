"""Durable Objects contract: every operation of specs/durable_objects.json, sync and async.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models. The objects
example always carries the same cursor, so that list bounds ``max_pages``.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.durable_objects.management import Namespace, ObjectsListResultItem

NS = "5fd1cafff895419c8bcc647fc64ab8f0"


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("durable_objects", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("durable_objects", "async")


def _check_namespaces(namespaces: list[Any]) -> None:
    assert namespaces and all(isinstance(n, Namespace) for n in namespaces)
    # The overlay types these as strings (they were Any).
    assert all(isinstance(n.class_, str) and isinstance(n.script, str) for n in namespaces)


def test_namespaces_and_objects_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as do:
        namespaces = do.namespaces.list().to_list()
        objects = do.objects.list(NS, limit=10, max_pages=2).to_list()
    _check_namespaces(namespaces)
    # The second request carries the example's cursor (Prism checks it); the answer repeats the
    # first page, so the pager drops it and stops.
    assert len(objects) == 1 and isinstance(objects[0], ObjectsListResultItem)


async def test_namespaces_and_objects_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as do:
        namespaces = await do.namespaces.list().to_list()
        objects = await do.objects.list(NS, max_pages=1).to_list()
    _check_namespaces(namespaces)
    assert objects and all(isinstance(o, ObjectsListResultItem) for o in objects)
