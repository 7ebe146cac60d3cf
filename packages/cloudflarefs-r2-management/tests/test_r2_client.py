"""Behaviour of the R2 management client over httpx.MockTransport."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import (
    APIStatusError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from cloudflarefs.r2.management import (
    Bucket,
    BucketConfig,
    BucketLocationInput,
    EnableSippyAwsInput,
    EnableSippyAwsInputSource,
    QueueNotificationConfig,
    R2Action,
    R2Client,
    RuleInput,
    TemporaryCredentials,
)
from cloudflarefs.r2.management.aio import R2Client as AsyncR2Client
from cloudflarefs.testing.http import (
    Handler,
    MockClients,
    Recorder,
    envelope,
    failure,
    never,
)

MakeSync = Callable[[Handler], tuple[R2Client, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncR2Client, Recorder]]


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    """Build a sync client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(R2Client)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    """Build an async client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AsyncR2Client)


BUCKET = {"name": "media", "creation_date": "2024-01-01T00:00:00Z", "location": "weur"}


def test_list_follows_the_cursor_until_it_runs_out(sync_client: MakeSync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        if cursor is None:
            return envelope(
                {"buckets": [BUCKET, {**BUCKET, "name": "logs"}]},
                result_info={"cursor": "c1", "per_page": 2},
            )
        assert cursor == "c1"
        return envelope({"buckets": [{**BUCKET, "name": "zips"}]}, result_info={"cursor": ""})

    r2, rec = sync_client(handler)
    buckets = list(r2.buckets.list(per_page=2, name_contains="s"))
    assert [b.name for b in buckets] == ["media", "logs", "zips"]
    assert all(isinstance(b, Bucket) for b in buckets)
    assert buckets[0].location == BucketLocationInput.WEUR
    assert [r.url.path for r in rec.requests] == ["/client/v4/accounts/acc/r2/buckets"] * 2
    assert rec.requests[0].url.params["per_page"] == "2"
    assert rec.requests[0].url.params["name_contains"] == "s"


def test_per_call_account_id_overrides_the_default(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(BUCKET))
    r2.buckets.get("media", account_id="other")
    assert rec.requests[0].url.path.endswith("/accounts/other/r2/buckets/media")


def test_create_sends_camel_case_body(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(BUCKET))
    bucket = r2.buckets.create("media", location_hint="weur", storage_class="InfrequentAccess")
    assert bucket.name == "media"
    assert rec.requests[0].method == "POST"
    assert rec.json() == {
        "name": "media",
        "locationHint": "weur",
        "storageClass": "InfrequentAccess",
    }


def test_create_omits_unset_options(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(BUCKET))
    r2.buckets.create("media")
    assert rec.json() == {"name": "media"}


@pytest.mark.parametrize("name", ["", "ab", "Media", "-media", "media-", "me_dia", "a" * 64])
def test_invalid_bucket_names_are_rejected_before_sending(sync_client: MakeSync, name: str) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError, match="bucket"):
        r2.buckets.create(name)
    assert rec.requests == []


BAD_CALLS: list[Callable[[R2Client], object]] = [
    lambda r2: r2.buckets.get(""),
    lambda r2: r2.buckets.delete(" "),
    lambda r2: r2.sippy.get(""),
    lambda r2: r2.event_notifications.get(""),
    lambda r2: r2.event_notifications.delete("media", ""),
    lambda r2: r2.event_notifications.update("media", "q", rules=[]),
    lambda r2: r2.event_notifications.update("media", "q", rules=[{"actions": []}]),
    lambda r2: r2.event_notifications.update("media", "q", rules=[{"actions": "PutObject"}]),
    lambda r2: r2.temporary_credentials.create(
        bucket="media", parent_access_key_id="k", permission="object-read-only", ttl_seconds=0
    ),
    lambda r2: r2.temporary_credentials.create(
        bucket="", parent_access_key_id="k", permission="object-read-only", ttl_seconds=60
    ),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_input_never_reaches_the_transport(
    sync_client: MakeSync, call: Callable[[R2Client], object]
) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        call(r2)
    assert rec.requests == []


def test_not_found_maps_to_not_found_error(sync_client: MakeSync) -> None:
    r2, _ = sync_client(
        lambda _: failure(404, 11015, "workers.api.error.no_configs_found_for_bucket")
    )
    with pytest.raises(NotFoundError) as info:
        r2.event_notifications.get("media")
    assert 11015 in info.value.codes


def test_success_false_raises_even_on_200(sync_client: MakeSync) -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        body = {
            "success": False,
            "errors": [{"code": 10006, "message": "The specified bucket does not exist."}],
            "messages": [],
            "result": None,
        }
        return httpx.Response(200, json=body)

    r2, _ = sync_client(handler)
    with pytest.raises(APIStatusError, match="bucket does not exist"):
        r2.buckets.get("media")


def test_conflict_maps_to_conflict_error(sync_client: MakeSync) -> None:
    r2, _ = sync_client(
        lambda _: failure(409, 11010, "workers.api.error.event_notification_detail_exists")
    )
    with pytest.raises(ConflictError):
        r2.event_notifications.update("media", "q1", rules=[{"actions": ["PutObject"]}])


def test_event_notification_rules_from_dicts_and_models(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({"event_notification_detail_id": "d1"}))
    result = r2.event_notifications.update(
        "media",
        "q1",
        rules=[
            {"actions": ["PutObject", "DeleteObject"], "prefix": "img/"},
            RuleInput(actions=[R2Action.COPY_OBJECT], suffix=".png"),
        ],
    )
    assert result.event_notification_detail_id == "d1"
    assert rec.requests[0].method == "PUT"
    assert rec.requests[0].url.path.endswith(
        "/accounts/acc/event_notifications/r2/media/configuration/queues/q1"
    )
    assert rec.json() == {
        "rules": [
            {"actions": ["PutObject", "DeleteObject"], "prefix": "img/"},
            {"actions": ["CopyObject"], "suffix": ".png"},
        ]
    }


def test_sippy_update_sends_the_source(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({"enabled": True, "source": {"provider": "aws"}}))
    config = EnableSippyAwsInput(
        source=EnableSippyAwsInputSource(
            provider="aws", bucket="old", region="us-east-1", access_key_id="AK"
        )
    )
    sippy = r2.sippy.update("media", config)
    assert sippy.enabled is True
    assert rec.json() == {
        "source": {"provider": "aws", "bucket": "old", "region": "us-east-1", "accessKeyId": "AK"}
    }


def test_temporary_credentials_hide_secrets_in_repr(sync_client: MakeSync) -> None:
    r2, rec = sync_client(
        lambda _: envelope(
            {"accessKeyId": "AKID", "secretAccessKey": "s3cr3t", "sessionToken": "t0k3n"}
        )
    )
    creds = r2.temporary_credentials.create(
        bucket="media",
        parent_access_key_id="parent",
        permission="object-read-only",
        ttl_seconds=3600,
        prefixes=["img/"],
    )
    assert isinstance(creds, TemporaryCredentials)
    assert (creds.access_key_id, creds.secret_access_key, creds.session_token) == (
        "AKID",
        "s3cr3t",
        "t0k3n",
    )
    assert "s3cr3t" not in repr(creds) and "t0k3n" not in repr(creds)
    assert rec.json() == {
        "bucket": "media",
        "parentAccessKeyId": "parent",
        "permission": "object-read-only",
        "ttlSeconds": 3600,
        "prefixes": ["img/"],
    }


def test_delete_returns_none_and_sends_delete(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({}))
    assert r2.buckets.delete("media") is None  # type: ignore[func-returns-value]
    assert rec.requests[0].method == "DELETE"


def test_shared_http_is_not_closed_by_the_client(sync_client: MakeSync) -> None:
    owner, _ = sync_client(lambda _: envelope(BUCKET))
    borrower = R2Client(http=owner.http)
    borrower.close()
    assert owner.buckets.get("media").name == "media"


def test_http_and_credentials_together_are_a_configuration_error(sync_client: MakeSync) -> None:
    from cloudflarefs.core.errors import ConfigurationError

    owner, _ = sync_client(never)
    with pytest.raises(ConfigurationError):
        R2Client(http=owner.http, api_token="x")


def test_the_token_stays_out_of_reprs(sync_client: MakeSync) -> None:
    r2, _ = sync_client(never)
    assert "test-token" not in repr(r2)
    assert "test-token" not in repr(r2.http)


async def test_async_list_and_get(async_client: MakeAsync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/r2/buckets"):
            return envelope({"buckets": [BUCKET]}, result_info={"cursor": ""})
        return envelope(BUCKET)

    r2, rec = async_client(handler)
    names = [b.name async for b in r2.buckets.list()]
    assert names == ["media"]
    assert (await r2.buckets.get("media")).location == "weur"
    assert len(rec.requests) == 2


async def test_async_bad_input_never_reaches_the_transport(async_client: MakeAsync) -> None:
    r2, rec = async_client(never)
    with pytest.raises(InvalidInputError):
        await r2.buckets.create("UPPER")
    with pytest.raises(InvalidInputError):
        await r2.sippy.delete("")
    assert rec.requests == []


async def test_async_temporary_credentials_and_errors(async_client: MakeAsync) -> None:
    r2, _ = async_client(lambda _: failure(404, 10006, "The specified bucket does not exist."))
    with pytest.raises(NotFoundError):
        await r2.temporary_credentials.create(
            bucket="media", parent_access_key_id="p", permission="admin-read-only", ttl_seconds=60
        )


def test_notification_config_has_todays_shape(sync_client: MakeSync) -> None:
    body = {
        "bucketName": "media",
        "queues": [
            {
                "queueId": "q1",
                "queueName": "uploads",
                "rules": [
                    {
                        "actions": ["PutObject", "LifecycleDeletion"],
                        "ruleId": "r1",
                        "createdAt": "2024-09-19T21:24:54.152Z",
                        "description": "all uploads",
                        "later": True,
                    }
                ],
            }
        ],
    }
    r2, _ = sync_client(lambda _: envelope(body))
    config = r2.event_notifications.get("media")
    assert isinstance(config, BucketConfig) and config.bucket_name == "media"
    assert config.queues is not None
    (queue,) = config.queues
    assert isinstance(queue, QueueNotificationConfig) and (queue.queue_id, queue.queue_name) == (
        "q1",
        "uploads",
    )
    assert queue.rules is not None
    (rule,) = queue.rules
    assert rule.actions == [R2Action.PUT_OBJECT, R2Action.LIFECYCLE_DELETION]
    assert (rule.rule_id, rule.description, rule.extra) == ("r1", "all uploads", {"later": True})


def test_notification_rules_take_a_description(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope({"event_notification_detail_id": "d1"}))
    r2.event_notifications.update(
        "media", "q1", rules=[{"actions": ["DeleteObject"], "description": "deletions"}]
    )
    assert rec.json() == {"rules": [{"actions": ["DeleteObject"], "description": "deletions"}]}
