"""Secret values: sent, but never in a repr, an error message or a log; checked before any request."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.errors import APIStatusError, InvalidInputError, InvalidInputTypeError
from cloudflarefs.secrets_store.management import (
    MAX_VALUE_BYTES,
    SecretsStoreClient,
    SecretStatus,
    new_secret,
)
from cloudflarefs.secrets_store.management._values import check_value
from cloudflarefs.secrets_store.management.aio import SecretsStoreClient as AsyncSecretsStoreClient
from cloudflarefs.testing.http import Recorder, envelope, failure, never

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
VALUE = "sk-live-8c1f-never-shown"
SECRET = {
    "id": "s1",
    "name": "API_KEY",
    "status": "active",
    "store_id": "st1",
    "created": "2026-11-02T10:00:00Z",
    "modified": "2026-11-02T10:00:00Z",
    "scopes": ["workers", "email"],
    "rotation": {"days": 30},
}


def _client(rec: Recorder) -> SecretsStoreClient:
    return SecretsStoreClient(api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_create_sends_the_value_but_never_logs_or_reprs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = new_secret("API_KEY", value=VALUE, scopes=["workers"], comment="c")
    assert VALUE not in repr(secret) and "API_KEY" in repr(secret)
    rec = Recorder(lambda r: envelope([SECRET]))
    with _client(rec) as ss:
        created = ss.secrets.create("st1", "API_KEY", value=VALUE, scopes=["workers"])
    sent = json.loads(rec.requests[0].content)
    assert sent == [{"name": "API_KEY", "value": VALUE, "scopes": ["workers"]}]
    assert VALUE not in caplog.text
    assert VALUE not in repr(created)
    # Unknown scope names and fields are kept, not dropped.
    assert created.scopes is not None and "email" in created.scopes
    assert created.extra == {"rotation": {"days": 30}}
    assert created.status is SecretStatus.ACTIVE


async def test_edit_sends_only_the_given_fields_async() -> None:
    rec = Recorder(lambda r: envelope(SECRET))
    async with AsyncSecretsStoreClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as ss:
        await ss.secrets.edit("st1", "s1", value=VALUE)
        await ss.secrets.edit("st1", "s1", scopes=("workers", "ai_gateway"), comment="x")
    assert [r.method for r in rec.requests] == ["PATCH", "PATCH"]
    assert [json.loads(r.content) for r in rec.requests] == [
        {"value": VALUE},
        {"comment": "x", "scopes": ["workers", "ai_gateway"]},
    ]


def test_an_api_error_after_sending_a_value_does_not_carry_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(lambda r: failure(400, 1001, "secret name already exists"))
    with _client(rec) as ss, pytest.raises(APIStatusError) as info:
        ss.secrets.edit("st1", "s1", value=VALUE)
    assert "already exists" in str(info.value)
    assert VALUE not in str(info.value) and VALUE not in repr(info.value)
    assert VALUE not in caplog.text


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("", InvalidInputError, "must not be empty"),
        ("   ", InvalidInputError, "must not be empty"),
        ("x" * (MAX_VALUE_BYTES + 1), InvalidInputError, "at most 65536 bytes"),
        (b"bytes-value", InvalidInputTypeError, "must be a str, got bytes"),
    ],
)
def test_bad_values_fail_before_any_request_without_quoting(
    value: object, error: type[Exception], message: str
) -> None:
    with _client(Recorder(never)) as ss, pytest.raises(error, match=message) as info:
        ss.secrets.create("st1", "K", value=value, scopes=["workers"])  # type: ignore[arg-type]
    assert "bytes-value" not in str(info.value) and "xxxx" not in str(info.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ss: ss.secrets.create("st1", "K", value=VALUE, scopes=[]), "at least one"),
        (lambda ss: ss.secrets.create("st1", "K", value=VALUE, scopes="workers"), "list"),
        (lambda ss: ss.secrets.create("st1", "", value=VALUE, scopes=["workers"]), "name"),
        (lambda ss: ss.secrets.create_many("st1", []), "at least one secret"),
        (lambda ss: ss.secrets.create_many("st1", [{"value": VALUE}]), "SecretCreateInput"),
        (lambda ss: ss.secrets.edit("st1", "s1"), "at least one of"),
        (lambda ss: ss.secrets.edit("", "s1", comment="c"), "store_id"),
        (lambda ss: ss.secrets.duplicate("st1", "s1", name="C", scopes=[]), "at least one"),
        (lambda ss: ss.stores.create(" "), "name"),
    ],
)
def test_bad_input_fails_before_any_request(call: object, message: str) -> None:
    with _client(Recorder(never)) as ss, pytest.raises(InvalidInputError, match=message) as info:
        call(ss)  # type: ignore[operator]
    assert VALUE not in str(info.value)


@given(st.text(min_size=1, max_size=300).filter(str.strip))
def test_any_value_within_the_limit_is_accepted_unchanged(value: str) -> None:
    assert check_value("value", value) is value


@given(st.integers(min_value=0, max_value=64), st.text(alphabet="é€😀x", max_size=32))
def test_values_near_the_limit_are_judged_by_utf8_size_and_never_quoted(
    short: int, tail: str
) -> None:
    value = "v" * (MAX_VALUE_BYTES - short) + tail  # multi-byte tails straddle the limit
    size = len(value.encode("utf-8"))
    if size <= MAX_VALUE_BYTES:
        assert check_value("value", value) is value
        return
    with pytest.raises(InvalidInputError) as info:
        check_value("value", value)
    assert str(info.value) == f"value is at most {MAX_VALUE_BYTES} bytes of UTF-8, got {size}"
