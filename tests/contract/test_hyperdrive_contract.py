"""Hyperdrive contract: every operation of specs/hyperdrive.json, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.hyperdrive.management import Caching, HyperdriveWithIdentifier, Origin

HD = "023e105f4ecef8ad9ca31a8372d0c353"
ORIGIN = Origin.from_url("postgres://app:s3cret%21@database.example.com:5432/postgres")
ACCESS_ORIGIN = Origin(
    host="database.example.com",
    database="postgres",
    user="app",
    password="s3cret!",
    access_client_id="0123456789abcdef0123456789abcdef.access",
    access_client_secret="0123456789abcdef",
)
CACHING = Caching(disabled=False, max_age=60, stale_while_revalidate=15)


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("hyperdrive", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("hyperdrive", "async")


def test_configs_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as hd:
        listed = hd.configs.list().to_list()
        created = hd.configs.create("example-hyperdrive", origin=ORIGIN, caching=CACHING)
        fetched = hd.configs.get(HD)
        replaced = hd.configs.update(HD, name="example-hyperdrive", origin=ACCESS_ORIGIN)
        edited = hd.configs.edit(HD, caching=Caching(disabled=True))
        assert hd.configs.delete(HD) is None
    assert listed and all(isinstance(c, HyperdriveWithIdentifier) for c in listed)
    results = (created, fetched, replaced, edited)
    assert all(isinstance(c, HyperdriveWithIdentifier) and c.origin for c in results)


async def test_configs_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as hd:
        listed = await hd.configs.list().to_list()
        created = await hd.configs.create("example-hyperdrive", origin=ACCESS_ORIGIN)
        fetched = await hd.configs.get(HD)
        replaced = await hd.configs.update(
            HD, name="example-hyperdrive", origin=ORIGIN, caching=CACHING
        )
        edited = await hd.configs.edit(HD, name="renamed", origin=ORIGIN)
        assert await hd.configs.delete(HD) is None
    assert listed and all(isinstance(c, HyperdriveWithIdentifier) for c in listed)
    results = (created, fetched, replaced, edited)
    assert all(isinstance(c, HyperdriveWithIdentifier) and c.origin for c in results)


def test_restart_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as hd:
        restarted = hd.configs.restart(HD)
        raw = hd.configs.with_raw_response.restart(HD)
    assert isinstance(restarted, HyperdriveWithIdentifier) and restarted.id
    assert raw.status_code == 200 and isinstance(raw.parse(), HyperdriveWithIdentifier)


async def test_restart_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as hd:
        restarted = await hd.configs.restart(HD)
    assert isinstance(restarted, HyperdriveWithIdentifier)
