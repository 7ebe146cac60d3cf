"""Bulk get over httpx.MockTransport: wire body, typed answers, deprecation notice, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.kv.management import KVBulkEntry, KVClient, KVNamespaces
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "0f2ac74b498b48028cb68387c421e279"
PATH = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{NS}/bulk/get"


def client(rec: Recorder) -> KVClient:
    return KVClient(api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def test_bulk_get_sends_keys_and_type_and_returns_the_values() -> None:
    rec = Recorder(lambda r: envelope({"values": {"a": "1", "b": None}}))
    with client(rec) as kv:
        got = kv.namespaces.bulk_get(NS, iter(["a", "b"]))
        kv.namespaces.bulk_get(NS, ["a"], type="json")
    assert got == {"a": "1", "b": None}
    assert [(r.method, r.url.path) for r in rec.requests] == [("POST", PATH)] * 2
    assert [json.loads(r.content) for r in rec.requests] == [
        {"keys": ["a", "b"], "type": "text", "withMetadata": False},
        {"keys": ["a"], "type": "json", "withMetadata": False},
    ]


async def test_bulk_get_with_metadata_types_each_entry_and_keeps_unknown_fields() -> None:
    values = {
        "a": {"value": {"n": 1}, "metadata": {"m": True}, "expiration": 1700000000, "new": "x"},
        "gone": None,
    }
    rec = Recorder(lambda r: envelope({"values": values}))
    async with AsyncKVClient(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as kv:
        got = await kv.namespaces.bulk_get_with_metadata(NS, ["a", "gone"], type="json")
    assert got == {
        "a": KVBulkEntry(
            value={"n": 1}, metadata={"m": True}, expiration=1700000000, extra={"new": "x"}
        ),
        "gone": None,
    }
    assert json.loads(rec.requests[0].content)["withMetadata"] is True


def test_a_value_that_is_not_an_object_in_the_metadata_form_is_reported() -> None:
    rec = Recorder(lambda r: envelope({"values": {"a": "plain"}}))
    with client(rec) as kv, pytest.raises(ResponseDecodeError, match="'a'"):
        kv.namespaces.bulk_get_with_metadata(NS, ["a"])


def test_a_null_result_is_no_values() -> None:
    rec = Recorder(lambda r: envelope(None))
    with client(rec) as kv:
        assert kv.namespaces.bulk_get(NS, ["a"]) == {}


BAD_INPUT: list[tuple[Callable[[KVClient], object], type[Exception], str]] = [
    (lambda kv: kv.namespaces.bulk_get(NS, []), InvalidInputError, "1-100 keys"),
    (
        lambda kv: kv.namespaces.bulk_get(NS, [f"k{i}" for i in range(101)]),
        InvalidInputError,
        "1-100 keys",
    ),
    (lambda kv: kv.namespaces.bulk_get(NS, "abc"), InvalidInputTypeError, "not one string"),
    (lambda kv: kv.namespaces.bulk_get(NS, [""]), InvalidInputError, "key"),
    (lambda kv: kv.namespaces.bulk_get(NS, ["k" * 513]), InvalidInputError, "key"),
    (
        lambda kv: kv.namespaces.bulk_get(NS, ["a"], type="bytes"),  # pyright: ignore[reportArgumentType]
        InvalidInputError,
        "'text' or 'json'",
    ),
    (lambda kv: kv.namespaces.bulk_get_with_metadata("", ["a"]), InvalidInputError, "namespace_id"),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUT)
def test_bad_input_is_rejected_before_any_request(
    call: Callable[[KVClient], object], error: type[Exception], match: str
) -> None:
    rec = Recorder(lambda r: envelope({"values": {}}))
    with client(rec) as kv, pytest.raises(error, match=match):
        call(kv)
    assert rec.requests == []


def test_the_legacy_bulk_delete_is_documented_as_deprecated() -> None:
    doc = KVNamespaces.bulk_delete_legacy.__doc__ or ""
    assert ".. deprecated::" in doc and "bulk_delete" in doc
