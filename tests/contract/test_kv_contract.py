"""Workers KV contract: every operation of specs/kv.json, sync and async, against Prism.

Prism answers with the spec's examples, so these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models. Example
pages claim more results than they hold, so list calls bound ``max_pages``.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.kv.management import (
    AnalyticsQueryRequestsResult,
    AnalyticsQueryStoredResult,
    BulkWriteResult,
    Key,
    KVBulkEntry,
    KVPair,
    Namespace,
)

NS = "0f2ac74b498b48028cb68387c421e279"
KEY = "My-Key"
PAIRS = [
    KVPair(key="plain", value="text value", metadata={"owner": "contract"}, expiration_ttl=3600),
    KVPair(key="raw", value=b"\x00\x01binary", expiration=1_900_000_000),
]


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("kv", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("kv", "async")


# -- namespaces ---------------------------------------------------------------------------


def test_namespaces_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as kv:
        listed = kv.namespaces.list(per_page=10, order="title", direction="asc", max_pages=2)
        namespaces = listed.to_list()
        created = kv.namespaces.create("contract-ns")
        fetched = kv.namespaces.get(NS)
        assert kv.namespaces.update(NS, title="renamed") is None
        assert kv.namespaces.delete(NS) is None
    assert namespaces and all(isinstance(n, Namespace) for n in namespaces)
    assert isinstance(created, Namespace) and created.id
    assert isinstance(fetched, Namespace) and fetched.title


async def test_namespaces_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as kv:
        listed = kv.namespaces.list(per_page=10, order="id", direction="desc", max_pages=2)
        namespaces = await listed.to_list()
        created = await kv.namespaces.create("contract-ns")
        fetched = await kv.namespaces.get(NS)
        assert await kv.namespaces.update(NS, title="renamed") is None
        assert await kv.namespaces.delete(NS) is None
    assert namespaces and all(isinstance(n, Namespace) for n in namespaces)
    assert isinstance(created, Namespace) and created.id
    assert isinstance(fetched, Namespace) and fetched.title


# -- bulk -----------------------------------------------------------------------------------


def test_bulk_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as kv:
        written = kv.namespaces.bulk_write(NS, PAIRS)
        deleted = kv.namespaces.bulk_delete(NS, ["plain", "raw"])
        legacy = kv.namespaces.bulk_delete_legacy(NS, ["plain"])
    assert isinstance(written, BulkWriteResult) and written.key_count == 2
    assert isinstance(deleted, BulkWriteResult) and deleted.key_count == 2
    assert isinstance(legacy, BulkWriteResult) and legacy.requests == 1


async def test_bulk_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as kv:
        written = await kv.namespaces.bulk_write(NS, {"a": "1", "b": b"2"})
        deleted = await kv.namespaces.bulk_delete(NS, ["a", "b"])
        legacy = await kv.namespaces.bulk_delete_legacy(NS, ["a"])
    assert isinstance(written, BulkWriteResult) and written.key_count == 2
    assert isinstance(deleted, BulkWriteResult) and deleted.key_count == 2
    assert isinstance(legacy, BulkWriteResult) and legacy.requests == 1


def test_bulk_get_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as kv:
        plain = kv.namespaces.bulk_get(NS, ["My-Key"])
        as_json = kv.namespaces.bulk_get(NS, ["My-Key", "other"], type="json")
        with_meta = kv.namespaces.bulk_get_with_metadata(NS, ["My-Key"])
    # Prism answers the example, which has the with-metadata form.
    assert set(plain) == {"My-Key"} and set(as_json) == {"My-Key"}
    entry = with_meta["My-Key"]
    assert isinstance(entry, KVBulkEntry) and entry.value == "Some Value"
    assert entry.metadata == {"someMetadataKey": "someMetadataValue"}
    assert entry.expiration == 1578435000


async def test_bulk_get_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as kv:
        plain = await kv.namespaces.bulk_get(NS, ["My-Key"], type="text")
        with_meta = await kv.namespaces.bulk_get_with_metadata(NS, ["My-Key"], type="json")
    assert set(plain) == {"My-Key"} and isinstance(with_meta["My-Key"], KVBulkEntry)


# -- keys, metadata, values -----------------------------------------------------------------


def test_keys_metadata_values_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as kv:
        keys = kv.keys.list(NS, prefix="My-", limit=10, max_pages=2).to_list()
        metadata = kv.metadata.get(NS, KEY)
        value = kv.values.get(NS, KEY)
        kv.values.put(NS, KEY, b"bytes", metadata={"k": 1}, expiration_ttl=120)
        kv.values.put_json(NS, "json-key", {"a": [1, 2]}, expiration=1_900_000_000)
        kv.values.put(NS, "text-key", "plain text")
        assert kv.values.delete(NS, KEY) is None
    assert keys and all(isinstance(k, Key) for k in keys)
    assert isinstance(metadata, dict)
    assert isinstance(value, bytes)


async def test_keys_metadata_values_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as kv:
        keys = await kv.keys.list(NS, prefix="My-", limit=10, max_pages=2).to_list()
        metadata = await kv.metadata.get(NS, KEY)
        value = await kv.values.get(NS, KEY)
        await kv.values.put(NS, KEY, b"bytes", metadata={"k": 1}, expiration_ttl=120)
        await kv.values.put_json(NS, "json-key", {"a": [1, 2]}, expiration=1_900_000_000)
        assert await kv.values.delete(NS, KEY) is None
    assert keys and all(isinstance(k, Key) for k in keys)
    assert isinstance(metadata, dict)
    assert isinstance(value, bytes)


# -- analytics ------------------------------------------------------------------------------
# The overlay fixes the query schema's defaults, which Prism's answers are built from.


def test_analytics_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as kv:
        requests = kv.analytics.query_requests()
        stored = kv.analytics.query_stored()
    assert isinstance(requests, AnalyticsQueryRequestsResult) and requests.rows == 2
    assert requests.query.sort == [] and requests.query.since is not None
    assert isinstance(stored, AnalyticsQueryStoredResult) and stored.query.dimensions == []


async def test_analytics_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as kv:
        requests = await kv.analytics.query_requests()
        stored = await kv.analytics.query_stored()
    assert isinstance(requests, AnalyticsQueryRequestsResult)
    assert isinstance(stored, AnalyticsQueryStoredResult)
