"""CORS, lifecycle, locks, domains, jurisdictions and Super Slurper over httpx.MockTransport."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.r2.management import (
    CorsRuleAllowedInput,
    CorsRuleAllowedMethodsItem,
    CorsRuleInput,
    EnableSippyAwsInput,
    EnableSippyAwsInputDestination,
    EnableSippyAwsInputSource,
    EnableSippyAzureInput,
    EnableSippyAzureInputSource,
    EnableSippyGcsInput,
    EnableSippyGcsInputSource,
    EnableSippyS3Input,
    EnableSippyS3InputSource,
    LifecycleAgeCondition,
    LifecycleAgeConditionInput,
    LifecycleDateCondition,
    LifecycleDateConditionInput,
    LifecycleRuleConditionsInput,
    LifecycleRuleDeleteObjectsTransitionInput,
    LifecycleRuleInput,
    LifecycleRuleStorageClassTransitionInput,
    LockAgeCondition,
    LockDateCondition,
    LockIndefiniteCondition,
    LockIndefiniteConditionInput,
    LockRuleInput,
    R2Client,
    SippyR2DestinationInput,
    SlurperGcsSecretInput,
    SlurperGcsSourceInput,
    SlurperJobStatus,
    SlurperR2Source,
    SlurperS3SecretInput,
    SlurperS3SourceInput,
    SlurperTargetInput,
)
from cloudflarefs.r2.management._generated.models import TempAccessCredsResponse
from cloudflarefs.r2.management.aio import R2Client as AsyncR2Client
from cloudflarefs.testing.http import Handler, MockClients, Recorder, envelope, never

MakeSync = Callable[[Handler], tuple[R2Client, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncR2Client, Recorder]]
BUCKET = {"name": "media", "creation_date": "2024-01-01T00:00:00Z"}


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    return mock_clients.factory(R2Client)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    return mock_clients.factory(AsyncR2Client)


JURISDICTION_CALLS: list[Callable[[R2Client], object]] = [
    lambda r2: r2.buckets.get("media", jurisdiction="eu"),
    lambda r2: r2.buckets.list(jurisdiction="eu").to_list(),
    lambda r2: r2.buckets.create("media", jurisdiction="eu"),
    lambda r2: r2.buckets.delete("media", jurisdiction="eu"),
    lambda r2: r2.sippy.get("media", jurisdiction="eu"),
    lambda r2: r2.event_notifications.get("media", jurisdiction="eu"),
    lambda r2: r2.event_notifications.update(
        "media", "q", rules=[{"actions": ["PutObject"]}], jurisdiction="eu"
    ),
    lambda r2: r2.cors.get("media", jurisdiction="eu"),
    lambda r2: r2.lifecycle.get("media", jurisdiction="eu"),
    lambda r2: r2.locks.get("media", jurisdiction="eu"),
    lambda r2: r2.custom_domains.list("media", jurisdiction="eu").to_list(),
    lambda r2: r2.managed_domain.get("media", jurisdiction="eu"),
]


@pytest.mark.parametrize("call", JURISDICTION_CALLS)
def test_jurisdiction_travels_in_the_cf_r2_jurisdiction_header(
    sync_client: MakeSync, call: Callable[[R2Client], object]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/r2/buckets") and request.method == "GET":
            return envelope({"buckets": []}, result_info={"cursor": ""})
        if request.url.path.endswith("/domains/custom"):
            return envelope({"domains": []})
        if request.url.path.endswith("/configuration"):
            return envelope({})
        return envelope({"name": "media", "bucketId": "b", "domain": "d", "enabled": True})

    r2, rec = sync_client(handler)
    call(r2)
    assert rec.requests[0].headers["cf-r2-jurisdiction"] == "eu"


def test_without_jurisdiction_no_header_is_sent(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(BUCKET))
    r2.buckets.get("media")
    assert "cf-r2-jurisdiction" not in rec.requests[0].headers


def test_edit_sends_the_storage_class_header_and_no_body(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({**BUCKET, "storage_class": "InfrequentAccess"}))
    bucket = r2.buckets.edit("media", storage_class="InfrequentAccess", jurisdiction="fedramp")
    request = rec.requests[0]
    assert bucket.storage_class == "InfrequentAccess"
    assert request.method == "PATCH" and request.content == b""
    assert request.headers["cf-r2-storage-class"] == "InfrequentAccess"
    assert request.headers["cf-r2-jurisdiction"] == "fedramp"


def test_cors_update_sends_wire_names(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({}))
    rule = CorsRuleInput(
        allowed=CorsRuleAllowedInput(
            methods=[CorsRuleAllowedMethodsItem.GET], origins=["*"], headers=["x-user-id"]
        ),
        expose_headers=["ETag"],
        max_age_seconds=600,
    )
    assert r2.cors.update("media", rules=[rule]) is None
    assert rec.requests[0].method == "PUT"
    assert rec.json() == {
        "rules": [
            {
                "allowed": {"methods": ["GET"], "origins": ["*"], "headers": ["x-user-id"]},
                "exposeHeaders": ["ETag"],
                "maxAgeSeconds": 600,
            }
        ]
    }


def test_cors_get_keeps_unknown_fields(sync_client: MakeSync) -> None:
    body = {"rules": [{"allowed": {"methods": ["GET", "PATCH"], "origins": ["*"]}, "new": 1}]}
    r2, _ = sync_client(lambda _: envelope(body))
    policy = r2.cors.get("media")
    assert policy.rules is not None
    assert policy.rules[0].extra == {"new": 1}
    assert policy.rules[0].allowed.methods == ["GET", "PATCH"]  # an open enum keeps PATCH


def test_lifecycle_rules_round_trip_tagged_conditions(sync_client: MakeSync) -> None:
    sent: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            sent.append(httpx.Response(200, content=request.content).json())
            return envelope({})
        return envelope(sent[0])

    r2, _ = sync_client(handler)
    rule = LifecycleRuleInput(
        id="r",
        enabled=True,
        conditions=LifecycleRuleConditionsInput(prefix=""),
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
    r2.lifecycle.update("media", rules=[rule])
    assert sent[0] == {
        "rules": [
            {
                "id": "r",
                "enabled": True,
                "conditions": {"prefix": ""},
                "deleteObjectsTransition": {"condition": {"maxAge": 86400, "type": "Age"}},
                "storageClassTransitions": [
                    {
                        "condition": {"date": "2030-01-01T00:00:00Z", "type": "Date"},
                        "storageClass": "InfrequentAccess",
                    }
                ],
            }
        ]
    }
    policy = r2.lifecycle.get("media")
    assert policy.rules is not None
    got = policy.rules[0]
    assert got.delete_objects_transition is not None
    assert isinstance(got.delete_objects_transition.condition, LifecycleAgeCondition)
    assert got.storage_class_transitions is not None
    assert isinstance(got.storage_class_transitions[0].condition, LifecycleDateCondition)


def test_lock_conditions_structure_by_their_type_tag(sync_client: MakeSync) -> None:
    rules = [
        {"id": "a", "enabled": True, "condition": {"type": "Age", "maxAgeSeconds": 60}},
        {"id": "d", "enabled": True, "condition": {"type": "Date", "date": "2030-01-01T00:00:00Z"}},
        {"id": "i", "enabled": False, "condition": {"type": "Indefinite"}},
        {"id": "n", "enabled": True, "condition": {"type": "Legal-Hold", "ref": "x"}},
    ]
    r2, _ = sync_client(lambda _: envelope({"rules": rules}))
    policy = r2.locks.get("media")
    assert policy.rules is not None
    kinds = [type(r.condition) for r in policy.rules]
    assert kinds[:3] == [LockAgeCondition, LockDateCondition, LockIndefiniteCondition]
    assert policy.rules[3].condition == {"type": "Legal-Hold", "ref": "x"}  # unknown tag kept


def test_lock_update_body(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({}))
    rule = LockRuleInput(
        id="keep",
        enabled=True,
        prefix="audit/",
        condition=LockIndefiniteConditionInput(type_="Indefinite"),
    )
    assert r2.locks.update("media", rules=[rule]) is None
    assert rec.json() == {
        "rules": [
            {"id": "keep", "enabled": True, "prefix": "audit/", "condition": {"type": "Indefinite"}}
        ]
    }


def test_custom_domain_create_and_update_bodies(sync_client: MakeSync) -> None:
    domain = {
        "domain": "cdn.example.com",
        "enabled": True,
        "zoneId": "z1",
        "status": {"ownership": "active", "ssl": "active"},
    }
    r2, rec = sync_client(lambda _: envelope(domain))
    r2.custom_domains.create(
        "media", domain="cdn.example.com", enabled=True, zone_id="z1", min_tls="1.2"
    )
    r2.custom_domains.update("media", "cdn.example.com", enabled=False, ciphers=["ECDHE-RSA"])
    assert rec.json(0) == {
        "domain": "cdn.example.com",
        "enabled": True,
        "zoneId": "z1",
        "minTLS": "1.2",
    }
    assert rec.json(1) == {"enabled": False, "ciphers": ["ECDHE-RSA"]}
    assert rec.requests[1].url.path.endswith("/r2/buckets/media/domains/custom/cdn.example.com")


def test_custom_domains_list_yields_the_domains(sync_client: MakeSync) -> None:
    domains = [
        {"domain": d, "enabled": True, "status": {"ownership": "active", "ssl": "pending"}}
        for d in ("a.example.com", "b.example.com")
    ]
    r2, _ = sync_client(lambda _: envelope({"domains": domains}))
    assert [d.domain for d in r2.custom_domains.list("media")] == ["a.example.com", "b.example.com"]


def test_managed_domain_update_body(sync_client: MakeSync) -> None:
    r2, rec = sync_client(
        lambda _: envelope({"bucketId": "b", "domain": "pub-x.r2.dev", "enabled": True})
    )
    updated = r2.managed_domain.update("media", enabled=True)
    assert rec.json() == {"enabled": True}
    assert updated.enabled is True


BAD_CALLS: list[Callable[[R2Client], object]] = [
    lambda r2: r2.cors.get(""),
    lambda r2: r2.lifecycle.update(" ", rules=[]),
    lambda r2: r2.locks.get(""),
    lambda r2: r2.custom_domains.get("media", ""),
    lambda r2: r2.custom_domains.delete("", "cdn.example.com"),
    lambda r2: r2.custom_domains.create("media", domain="", enabled=True, zone_id="z"),
    lambda r2: r2.event_notifications.get_queue("media", ""),
    lambda r2: r2.slurper_jobs.get(""),
    lambda r2: r2.slurper_jobs.pause(" "),
    lambda r2: r2.slurper_jobs.list_logs(""),
    lambda r2: r2.buckets.edit("", storage_class="Standard"),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_input_never_reaches_the_transport(
    sync_client: MakeSync, call: Callable[[R2Client], object]
) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        call(r2)
    assert rec.requests == []


# --- Super Slurper ------------------------------------------------------------------------


S3 = SlurperS3SourceInput(
    bucket="old",
    vendor="s3",
    endpoint="https://s3.example.com",
    path_prefix="2024/",
    secret=SlurperS3SecretInput(access_key_id="AKID", secret_access_key="s3-very-secret"),
)
TARGET = SlurperTargetInput(
    bucket="media",
    vendor="r2",
    jurisdiction="eu",  # type: ignore[arg-type] - an open enum takes its wire value
    secret=SlurperS3SecretInput(access_key_id="R2ID", secret_access_key="r2-very-secret"),
)


def test_job_create_sends_the_source_and_target(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({"id": "job-1"}))
    created = r2.slurper_jobs.create(source=S3, target=TARGET, overwrite=True)
    assert created.id == "job-1"
    assert rec.json() == {
        "source": {
            "bucket": "old",
            "vendor": "s3",
            "endpoint": "https://s3.example.com",
            "pathPrefix": "2024/",
            "secret": {"accessKeyId": "AKID", "secretAccessKey": "s3-very-secret"},
        },
        "target": {
            "bucket": "media",
            "vendor": "r2",
            "jurisdiction": "eu",
            "secret": {"accessKeyId": "R2ID", "secretAccessKey": "r2-very-secret"},
        },
        "overwrite": True,
    }


def test_slurper_jobs_page_with_limit_and_offset(sync_client: MakeSync) -> None:
    job = {"id": "j", "status": "running", "source": {"vendor": "r2", "bucket": "b"}}
    odd = {"id": "k", "source": {"bucket": "no-vendor"}}

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        return envelope([job, job] if offset == 0 else [odd])

    r2, rec = sync_client(handler)
    jobs = r2.slurper_jobs.list(limit=2).to_list()
    assert len(jobs) == 3 and jobs[0].status == SlurperJobStatus.RUNNING
    assert [r.url.params["offset"] for r in rec.requests] == ["0", "2"]
    assert rec.requests[0].url.params["limit"] == "2"
    assert isinstance(jobs[0].source, SlurperR2Source) and jobs[0].source.bucket == "b"
    assert jobs[2].source == {"bucket": "no-vendor"}  # no tag: the mapping is kept


def test_slurper_actions_return_the_status_message(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope("ok"))
    assert r2.slurper_jobs.abort("j1") == "ok"
    assert r2.slurper_jobs.abort_all() == "ok"
    assert [r.url.path.rsplit("/", 2)[-2:] for r in rec.requests] == [
        ["j1", "abort"],
        ["jobs", "abortAll"],
    ]
    assert all(r.method == "PUT" for r in rec.requests)


async def test_async_connectivity_prechecks(async_client: MakeAsync) -> None:
    r2, rec = async_client(lambda _: envelope({"connectivityStatus": "success"}))
    gcs = SlurperGcsSourceInput(
        bucket="old",
        vendor="gcs",
        secret=SlurperGcsSecretInput(client_email="svc@example.com", private_key="-----KEY-----"),
    )
    source = await r2.slurper_connectivity.check_source(gcs)
    target = await r2.slurper_connectivity.check_target(TARGET)
    assert source.connectivity_status == "success" and target.connectivity_status == "success"
    assert rec.json(0)["secret"] == {
        "clientEmail": "svc@example.com",
        "privateKey": "-----KEY-----",
    }
    assert rec.requests[1].url.path.endswith("/slurper/target/connectivity-precheck")


# --- secrets stay out of reprs ------------------------------------------------------------


def test_secret_fields_are_left_out_of_reprs() -> None:
    secret_values = ["s3-very-secret", "r2-very-secret", "-----KEY-----", "tok3n", "sippy-secret"]
    models: list[object] = [
        S3,
        TARGET,
        SlurperGcsSecretInput(client_email="svc@example.com", private_key="-----KEY-----"),
        TempAccessCredsResponse(
            access_key_id="AKID", secret_access_key="s3-very-secret", session_token="tok3n"
        ),
        EnableSippyAwsInput(
            source=EnableSippyAwsInputSource(
                provider="aws", bucket="b", access_key_id="A", secret_access_key="sippy-secret"
            ),
            destination=EnableSippyAwsInputDestination(
                provider="r2", access_key_id="R", secret_access_key="r2-very-secret"
            ),
        ),
        EnableSippyGcsInput(
            source=EnableSippyGcsInputSource(
                provider="gcs", bucket="b", client_email="e", private_key="-----KEY-----"
            )
        ),
    ]
    for model in models:
        text = repr(model)
        assert not [s for s in secret_values if s in text], text
    assert "AKID" in repr(S3)  # the key id is not secret


def test_a_job_needs_a_source_and_a_target(sync_client: MakeSync) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(TypeError):
        r2.slurper_jobs.create(source=S3)  # type: ignore[call-arg]
    assert rec.requests == []


def test_sippy_from_s3_compatible_and_azure_sources(sync_client: MakeSync) -> None:
    r2, rec = sync_client(
        lambda _: envelope({"enabled": True, "source": {"provider": "azure", "container": "c"}})
    )
    s3 = EnableSippyS3Input(
        source=EnableSippyS3InputSource(
            provider="s3",
            bucket_url="https://s3.example.com/b",
            access_key_id="K",
            secret_access_key="s3-sec",
        ),
        destination=SippyR2DestinationInput(
            provider="r2", access_key_id="R", secret_access_key="r2-sec"
        ),
    )
    azure = EnableSippyAzureInput(
        source=EnableSippyAzureInputSource(
            provider="azure",
            account_name="acct",
            container="c",
            account_key="az-key",
            sas_token="az-sas",
        )
    )
    r2.sippy.update("media", s3)
    sippy = r2.sippy.update("media", azure)
    assert rec.json(0) == {
        "source": {
            "provider": "s3",
            "bucketUrl": "https://s3.example.com/b",
            "accessKeyId": "K",
            "secretAccessKey": "s3-sec",
        },
        "destination": {"provider": "r2", "accessKeyId": "R", "secretAccessKey": "r2-sec"},
    }
    assert rec.json(1) == {
        "source": {
            "provider": "azure",
            "accountName": "acct",
            "container": "c",
            "accountKey": "az-key",
            "sasToken": "az-sas",
        }
    }
    assert sippy.source is not None and sippy.source.container == "c"
    assert sippy.source.provider == "azure"
    for model in (s3, azure):
        assert not [x for x in ("s3-sec", "r2-sec", "az-key", "az-sas") if x in repr(model)]
