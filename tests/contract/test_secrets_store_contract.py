"""Secrets Store contract: every operation of specs/secrets_store.json (all overlay additions), sync and async.

Prism answers with the additions' examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.secrets_store.management import Quota, ScopesInputItem, Secret, Store, new_secret

STORE = "985e105f4ecef8ad9ca31a8372d0c353"
SECRET = "3fd85f74b32742f1bff64a85009dda07"
VALUE = "contract-secret-value"


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("secrets_store", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("secrets_store", "async")


def test_stores_and_quota_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ss:
        listed = ss.stores.list(order="name", direction="asc").to_list()
        created = ss.stores.create("service_x_keys")
        fetched = ss.stores.get(STORE)
        assert ss.stores.delete(STORE, force=True) is None
        quota = ss.quota.get()
    assert listed and all(isinstance(s, Store) for s in listed)
    assert isinstance(created, Store) and isinstance(fetched, Store)
    assert isinstance(quota, Quota) and quota.secrets.quota >= quota.secrets.usage


async def test_stores_and_quota_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ss:
        listed = await ss.stores.list().to_list()
        created = await ss.stores.create("service_x_keys")
        fetched = await ss.stores.get(STORE)
        assert await ss.stores.delete(STORE) is None
        quota = await ss.quota.get()
    assert listed and all(isinstance(s, Store) for s in listed)
    assert isinstance(created, Store) and isinstance(fetched, Store)
    assert isinstance(quota, Quota)


def test_secrets_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ss:
        one = ss.secrets.create(STORE, "MY_API_KEY", value=VALUE, scopes=["workers"])
        many = ss.secrets.create_many(
            STORE,
            [
                new_secret("A", value=VALUE, scopes=[ScopesInputItem.WORKERS]),
                new_secret("B", value=VALUE, scopes=["ai_gateway"], comment="gateway key"),
            ],
        )
        listed = ss.secrets.list(STORE, search="KEY", scopes=["workers"]).to_list()
        fetched = ss.secrets.get(STORE, SECRET)
        edited = ss.secrets.edit(STORE, SECRET, value=VALUE, comment="rotated")
        copied = ss.secrets.duplicate(STORE, SECRET, name="MY_API_KEY_COPY", scopes=["workers"])
        assert ss.secrets.delete(STORE, SECRET) is None
        assert ss.secrets.bulk_delete(STORE) is None
    assert isinstance(one, Secret) and many and all(isinstance(s, Secret) for s in many)
    assert listed and all(isinstance(s, Secret) for s in listed)
    assert all(isinstance(s, Secret) for s in (fetched, edited, copied))


async def test_secrets_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ss:
        one = await ss.secrets.create(
            STORE, "MY_API_KEY", value=VALUE, scopes=["workers"], comment="c"
        )
        many = await ss.secrets.create_many(
            STORE, [new_secret("A", value=VALUE, scopes=["workers"])]
        )
        listed = await ss.secrets.list(STORE, order="modified").to_list()
        fetched = await ss.secrets.get(STORE, SECRET)
        edited = await ss.secrets.edit(STORE, SECRET, scopes=["workers", "ai_gateway"])
        copied = await ss.secrets.duplicate(
            STORE, SECRET, name="COPY", scopes=["workers"], comment="copy"
        )
        assert await ss.secrets.delete(STORE, SECRET) is None
        assert await ss.secrets.bulk_delete(STORE) is None
    assert isinstance(one, Secret) and many and all(isinstance(s, Secret) for s in many)
    assert listed and all(isinstance(s, Secret) for s in listed)
    assert all(isinstance(s, Secret) for s in (fetched, edited, copied))
