"""R2 contract: every operation of specs/r2.json, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.r2.management import (
    Bucket,
    EnableSippyAwsInput,
    EnableSippyAwsInputDestination,
    EnableSippyAwsInputSource,
    EnableSippyGcsInput,
    EnableSippyGcsInputSource,
    EventNotificationsUpdateResult,
    Sippy,
    TemporaryCredentials,
)

BUCKET = "example-bucket"
QUEUE = "4aa2f3b1e5a64b6c9d4f0e3a2b1c0d9e"
AWS = EnableSippyAwsInput(
    source=EnableSippyAwsInputSource(
        provider="aws",
        bucket="old-bucket",
        region="us-east-1",
        access_key_id="AKIA-EXAMPLE",
        secret_access_key="secret-example",
    ),
    destination=EnableSippyAwsInputDestination(
        provider="r2", access_key_id="r2-key", secret_access_key="r2-secret"
    ),
)
GCS = EnableSippyGcsInput(
    source=EnableSippyGcsInputSource(
        provider="gcs",
        bucket="old-bucket",
        client_email="svc@example.iam.gserviceaccount.com",
        private_key="-----BEGIN PRIVATE KEY-----\nexample\n-----END PRIVATE KEY-----\n",
    ),
    destination=EnableSippyAwsInputDestination(
        provider="r2", access_key_id="r2-key", secret_access_key="r2-secret"
    ),
)
CREDS: dict[str, Any] = {
    "bucket": BUCKET,
    "parent_access_key_id": "example-access-key-id",
    "permission": "object-read-write",
    "ttl_seconds": 3600,
    "prefixes": ["prefix1"],
    "objects": ["example-object"],
}


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("r2", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("r2", "async")


def test_buckets_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        buckets = r2.buckets.list(
            per_page=10, name_contains="ex", start_after="a", direction="asc", max_pages=2
        ).to_list()
        created = r2.buckets.create(BUCKET, location_hint="weur", storage_class="Standard")
        fetched = r2.buckets.get(BUCKET)
        assert r2.buckets.delete(BUCKET) is None
    assert buckets and all(isinstance(b, Bucket) for b in buckets)
    assert isinstance(created, Bucket) and isinstance(fetched, Bucket) and fetched.name


async def test_buckets_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        buckets = await r2.buckets.list(per_page=10, max_pages=2).to_list()
        created = await r2.buckets.create(BUCKET)
        fetched = await r2.buckets.get(BUCKET)
        assert await r2.buckets.delete(BUCKET) is None
    assert buckets and all(isinstance(b, Bucket) for b in buckets)
    assert isinstance(created, Bucket) and isinstance(fetched, Bucket)


def test_event_notifications_sync(contract: ContractEnvironment) -> None:
    rules = [{"actions": ["PutObject", "CopyObject"], "prefix": "img/", "suffix": ".jpeg"}]
    with _sync(contract) as r2:
        config = r2.event_notifications.get(BUCKET)
        updated = r2.event_notifications.update(BUCKET, QUEUE, rules=rules)
        assert r2.event_notifications.delete(BUCKET, QUEUE) is None
    assert isinstance(config, dict)
    assert isinstance(updated, EventNotificationsUpdateResult)


async def test_event_notifications_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        config = await r2.event_notifications.get(BUCKET)
        updated = await r2.event_notifications.update(
            BUCKET, QUEUE, rules=[{"actions": ["DeleteObject"]}]
        )
        assert await r2.event_notifications.delete(BUCKET, QUEUE) is None
    assert isinstance(config, dict)
    assert isinstance(updated, EventNotificationsUpdateResult)


def test_sippy_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        fetched = r2.sippy.get(BUCKET)
        aws = r2.sippy.update(BUCKET, AWS)
        gcs = r2.sippy.update(BUCKET, GCS)
        assert r2.sippy.delete(BUCKET) is None
    assert all(isinstance(s, Sippy) for s in (fetched, aws, gcs))


async def test_sippy_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        fetched = await r2.sippy.get(BUCKET)
        aws = await r2.sippy.update(BUCKET, AWS)
        assert await r2.sippy.delete(BUCKET) is None
    assert isinstance(fetched, Sippy) and isinstance(aws, Sippy)


def test_temporary_credentials_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        creds = r2.temporary_credentials.create(**CREDS)
    assert isinstance(creds, TemporaryCredentials) and creds.access_key_id


async def test_temporary_credentials_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        creds = await r2.temporary_credentials.create(**CREDS)
    assert isinstance(creds, TemporaryCredentials) and creds.secret_access_key
