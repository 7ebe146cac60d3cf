"""R2 contract: every operation of specs/r2.json plus the overlay's additions, sync and async, against Prism.

Prism answers with the spec's examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.r2.management import (
    AccountMetrics,
    Bucket,
    BucketConfig,
    CorsPolicy,
    CorsRuleAllowedInput,
    CorsRuleAllowedMethodsItem,
    CorsRuleInput,
    CustomDomain,
    CustomDomainCreated,
    CustomDomainDeleted,
    CustomDomainUpdated,
    EnableSippyAwsInput,
    EnableSippyAwsInputDestination,
    EnableSippyAwsInputSource,
    EnableSippyAzureInput,
    EnableSippyAzureInputSource,
    EnableSippyGcsInput,
    EnableSippyGcsInputSource,
    EnableSippyS3Input,
    EnableSippyS3InputSource,
    EventNotificationsUpdateResult,
    LifecycleAgeConditionInput,
    LifecycleDateConditionInput,
    LifecyclePolicy,
    LifecycleRuleConditionsInput,
    LifecycleRuleDeleteObjectsTransitionInput,
    LifecycleRuleInput,
    LifecycleRuleStorageClassTransitionInput,
    LockAgeConditionInput,
    LockIndefiniteConditionInput,
    LockPolicy,
    LockRuleInput,
    ManagedDomain,
    ObjectDeleted,
    ObjectInfo,
    ObjectUploaded,
    QueueNotificationConfig,
    Sippy,
    SippyR2DestinationInput,
    SlurperConnectivity,
    SlurperGcsSecretInput,
    SlurperGcsSourceInput,
    SlurperJob,
    SlurperJobCreated,
    SlurperJobLog,
    SlurperJobProgress,
    SlurperS3SecretInput,
    SlurperS3SourceInput,
    SlurperTargetInput,
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
    rules = [
        {"actions": ["PutObject", "CopyObject"], "prefix": "img/", "suffix": ".jpeg"},
        {"actions": ["LifecycleDeletion"], "description": "expired by lifecycle rules"},
    ]
    with _sync(contract) as r2:
        config = r2.event_notifications.get(BUCKET)
        updated = r2.event_notifications.update(BUCKET, QUEUE, rules=rules)
        assert r2.event_notifications.delete(BUCKET, QUEUE) is None
    assert isinstance(config, BucketConfig) and config.queues
    assert all(isinstance(q, QueueNotificationConfig) for q in config.queues)
    assert isinstance(updated, EventNotificationsUpdateResult)


async def test_event_notifications_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        config = await r2.event_notifications.get(BUCKET)
        updated = await r2.event_notifications.update(
            BUCKET, QUEUE, rules=[{"actions": ["DeleteObject"]}]
        )
        assert await r2.event_notifications.delete(BUCKET, QUEUE) is None
    assert isinstance(config, BucketConfig) and config.queues
    assert all(isinstance(q, QueueNotificationConfig) for q in config.queues)
    assert isinstance(updated, EventNotificationsUpdateResult)


S3_COMPATIBLE = EnableSippyS3Input(
    source=EnableSippyS3InputSource(
        provider="s3",
        bucket_url="https://s3.example.com/old-bucket",
        access_key_id="key",
        secret_access_key="secret",
    ),
    destination=SippyR2DestinationInput(
        provider="r2", access_key_id="r2-key", secret_access_key="s"
    ),
)
AZURE = EnableSippyAzureInput(
    source=EnableSippyAzureInputSource(
        provider="azure", account_name="acct", container="old", sas_token="sas"
    )
)


def test_sippy_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        fetched = r2.sippy.get(BUCKET)
        aws = r2.sippy.update(BUCKET, AWS)
        gcs = r2.sippy.update(BUCKET, GCS)
        s3 = r2.sippy.update(BUCKET, S3_COMPATIBLE, jurisdiction="eu")
        azure = r2.sippy.update(BUCKET, AZURE)
        assert r2.sippy.delete(BUCKET) is None
    assert all(isinstance(s, Sippy) for s in (fetched, aws, gcs, s3, azure))


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


# --- Operations newer than the 2024-08-06 spec (overlay [[addition]] entries) ---

CORS_RULES = [
    CorsRuleInput(
        allowed=CorsRuleAllowedInput(
            methods=[CorsRuleAllowedMethodsItem.GET, CorsRuleAllowedMethodsItem.PUT],
            origins=["https://example.com"],
        ),
        id="web",
        expose_headers=["ETag"],
        max_age_seconds=3600,
    )
]
LIFECYCLE_RULES = [
    LifecycleRuleInput(
        id="expire-logs",
        enabled=True,
        conditions=LifecycleRuleConditionsInput(prefix="logs/"),
        delete_objects_transition=LifecycleRuleDeleteObjectsTransitionInput(
            condition=LifecycleAgeConditionInput(max_age=86400, type_="Age")
        ),
        storage_class_transitions=[
            LifecycleRuleStorageClassTransitionInput(
                condition=LifecycleDateConditionInput(
                    date=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), type_="Date"
                ),
                storage_class="InfrequentAccess",
            )
        ],
    )
]
LOCK_RULES = [
    LockRuleInput(
        id="keep",
        enabled=True,
        prefix="audit/",
        condition=LockIndefiniteConditionInput(type_="Indefinite"),
    ),
    LockRuleInput(
        id="30d",
        enabled=True,
        condition=LockAgeConditionInput(max_age_seconds=2592000, type_="Age"),
    ),
]
S3_SOURCE = SlurperS3SourceInput(
    bucket="old-bucket",
    vendor="s3",
    region="us-east-1",
    secret=SlurperS3SecretInput(access_key_id="AKIA-EXAMPLE", secret_access_key="s3-secret"),
)
GCS_SOURCE = SlurperGcsSourceInput(
    bucket="old-bucket",
    vendor="gcs",
    secret=SlurperGcsSecretInput(client_email="svc@example.com", private_key="pk"),
)
TARGET = SlurperTargetInput(
    bucket=BUCKET,
    vendor="r2",
    secret=SlurperS3SecretInput(access_key_id="r2-key", secret_access_key="r2-secret"),
)
JOB = "job-1"


def test_bucket_settings_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        edited = r2.buckets.edit(BUCKET, storage_class="InfrequentAccess", jurisdiction="eu")
        cors = r2.cors.get(BUCKET, jurisdiction="eu")
        assert r2.cors.update(BUCKET, rules=CORS_RULES) is None
        assert r2.cors.delete(BUCKET) is None
        lifecycle = r2.lifecycle.get(BUCKET)
        assert r2.lifecycle.update(BUCKET, rules=LIFECYCLE_RULES) is None
        locks = r2.locks.get(BUCKET)
        assert r2.locks.update(BUCKET, rules=LOCK_RULES) is None
        queue_config = r2.event_notifications.get_queue(BUCKET, QUEUE)
        metrics = r2.metrics.get()
    assert isinstance(edited, Bucket)
    assert isinstance(cors, CorsPolicy) and isinstance(lifecycle, LifecyclePolicy)
    assert isinstance(locks, LockPolicy) and isinstance(queue_config, QueueNotificationConfig)
    assert isinstance(metrics, AccountMetrics)


async def test_bucket_settings_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        edited = await r2.buckets.edit(BUCKET, storage_class="Standard")
        cors = await r2.cors.get(BUCKET)
        assert await r2.cors.update(BUCKET, rules=CORS_RULES, jurisdiction="fedramp") is None
        assert await r2.cors.delete(BUCKET, jurisdiction="eu") is None
        lifecycle = await r2.lifecycle.get(BUCKET, jurisdiction="us")
        assert await r2.lifecycle.update(BUCKET, rules=LIFECYCLE_RULES) is None
        locks = await r2.locks.get(BUCKET)
        assert await r2.locks.update(BUCKET, rules=LOCK_RULES) is None
        queue_config = await r2.event_notifications.get_queue(BUCKET, QUEUE)
        metrics = await r2.metrics.get()
    assert isinstance(edited, Bucket)
    assert isinstance(cors, CorsPolicy) and isinstance(lifecycle, LifecyclePolicy)
    assert isinstance(locks, LockPolicy) and isinstance(queue_config, QueueNotificationConfig)
    assert isinstance(metrics, AccountMetrics)


def test_domains_sync(contract: ContractEnvironment) -> None:
    domain = "media.example.com"
    with _sync(contract) as r2:
        created = r2.custom_domains.create(
            BUCKET, domain=domain, enabled=True, zone_id="zone-1", min_tls="1.2", ciphers=["ECDHE"]
        )
        listed = r2.custom_domains.list(BUCKET).to_list()
        fetched = r2.custom_domains.get(BUCKET, domain)
        updated = r2.custom_domains.update(BUCKET, domain, enabled=False, min_tls="1.3")
        deleted = r2.custom_domains.delete(BUCKET, domain)
        managed = r2.managed_domain.get(BUCKET)
        managed_updated = r2.managed_domain.update(BUCKET, enabled=True)
    assert isinstance(created, CustomDomainCreated) and isinstance(fetched, CustomDomain)
    assert all(isinstance(d, CustomDomain) for d in listed)
    assert isinstance(updated, CustomDomainUpdated) and isinstance(deleted, CustomDomainDeleted)
    assert isinstance(managed, ManagedDomain) and managed_updated is not None


async def test_domains_async(contract: ContractEnvironment) -> None:
    domain = "media.example.com"
    async with _async(contract) as r2:
        created = await r2.custom_domains.create(
            BUCKET, domain=domain, enabled=True, zone_id="zone-1", jurisdiction="eu"
        )
        listed = await r2.custom_domains.list(BUCKET).to_list()
        fetched = await r2.custom_domains.get(BUCKET, domain)
        updated = await r2.custom_domains.update(BUCKET, domain, enabled=True)
        deleted = await r2.custom_domains.delete(BUCKET, domain)
        managed = await r2.managed_domain.get(BUCKET)
        managed_updated = await r2.managed_domain.update(BUCKET, enabled=False)
    assert isinstance(created, CustomDomainCreated) and isinstance(fetched, CustomDomain)
    assert all(isinstance(d, CustomDomain) for d in listed)
    assert isinstance(updated, CustomDomainUpdated) and isinstance(deleted, CustomDomainDeleted)
    assert isinstance(managed, ManagedDomain) and managed_updated is not None


def test_objects_sync(contract: ContractEnvironment, tmp_path: Path) -> None:
    path = tmp_path / "cat.jpg"
    path.write_bytes(b"\xff\xd8 not really a jpeg")
    with _sync(contract) as r2:
        objects = r2.objects.list(BUCKET, prefix="img", delimiter="/", per_page=10, max_pages=2)
        listed = objects.to_list()
        body = r2.objects.get(BUCKET, "cat.jpg", jurisdiction="eu")
        with r2.objects.stream(BUCKET, "cat.jpg") as response:
            streamed = b"".join(response.iter_bytes())
        uploaded = r2.objects.upload(BUCKET, "cat.jpg", b"bytes", storage_class="Standard")
        with path.open("rb") as file:
            from_file = r2.objects.upload(BUCKET, "cat.jpg", file, content_type="image/jpeg")
        deleted = r2.objects.delete(BUCKET, "cat.jpg")
    assert all(isinstance(o, ObjectInfo) for o in listed)
    assert isinstance(body, bytes) and streamed == body
    assert isinstance(uploaded, ObjectUploaded) and isinstance(from_file, ObjectUploaded)
    assert isinstance(deleted, ObjectDeleted)


async def test_objects_async(contract: ContractEnvironment) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"hello, "
        yield b"r2"

    async with _async(contract) as r2:
        listed = await r2.objects.list(BUCKET, max_pages=2).to_list()
        body = await r2.objects.get(BUCKET, "notes.txt")
        async with r2.objects.stream(BUCKET, "notes.txt", jurisdiction="eu") as response:
            streamed = b"".join([chunk async for chunk in response.aiter_bytes()])
        uploaded = await r2.objects.upload(BUCKET, "notes.txt", chunks(), jurisdiction="eu")
        text = await r2.objects.upload(BUCKET, "notes.txt", "text body")
        deleted = await r2.objects.delete(BUCKET, "notes.txt", jurisdiction="eu")
    assert all(isinstance(o, ObjectInfo) for o in listed)
    assert isinstance(body, bytes) and streamed == body
    assert isinstance(uploaded, ObjectUploaded) and isinstance(text, ObjectUploaded)
    assert isinstance(deleted, ObjectDeleted)


def test_super_slurper_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as r2:
        source_ok = r2.slurper_connectivity.check_source(S3_SOURCE)
        target_ok = r2.slurper_connectivity.check_target(TARGET)
        created = r2.slurper_jobs.create(source=S3_SOURCE, target=TARGET, overwrite=False)
        jobs = r2.slurper_jobs.list(limit=10, max_pages=2).to_list()
        job = r2.slurper_jobs.get(JOB)
        progress = r2.slurper_jobs.progress(JOB)
        logs = r2.slurper_jobs.list_logs(JOB, limit=10, max_pages=2).to_list()
        messages = [
            r2.slurper_jobs.pause(JOB),
            r2.slurper_jobs.resume(JOB),
            r2.slurper_jobs.abort(JOB),
            r2.slurper_jobs.abort_all(),
        ]
    assert isinstance(source_ok, SlurperConnectivity) and isinstance(target_ok, SlurperConnectivity)
    assert isinstance(created, SlurperJobCreated) and isinstance(job, SlurperJob)
    assert all(isinstance(j, SlurperJob) for j in jobs)
    assert isinstance(progress, SlurperJobProgress)
    assert all(isinstance(entry, SlurperJobLog) for entry in logs)
    assert all(isinstance(m, str) for m in messages)


async def test_super_slurper_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as r2:
        source_ok = await r2.slurper_connectivity.check_source(GCS_SOURCE)
        target_ok = await r2.slurper_connectivity.check_target(TARGET)
        created = await r2.slurper_jobs.create(source=GCS_SOURCE, target=TARGET)
        jobs = await r2.slurper_jobs.list(max_pages=2).to_list()
        job = await r2.slurper_jobs.get(JOB)
        progress = await r2.slurper_jobs.progress(JOB)
        logs = await r2.slurper_jobs.list_logs(JOB, max_pages=2).to_list()
        messages = [
            await r2.slurper_jobs.pause(JOB),
            await r2.slurper_jobs.resume(JOB),
            await r2.slurper_jobs.abort(JOB),
            await r2.slurper_jobs.abort_all(),
        ]
    assert isinstance(source_ok, SlurperConnectivity) and isinstance(target_ok, SlurperConnectivity)
    assert isinstance(created, SlurperJobCreated) and isinstance(job, SlurperJob)
    assert all(isinstance(j, SlurperJob) for j in jobs)
    assert isinstance(progress, SlurperJobProgress)
    assert all(isinstance(entry, SlurperJobLog) for entry in logs)
    assert all(isinstance(m, str) for m in messages)
