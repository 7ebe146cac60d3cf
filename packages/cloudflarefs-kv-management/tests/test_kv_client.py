"""Behaviour of KVClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import (
    APIStatusError,
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
)
from cloudflarefs.kv.management import KVClient, KVPair, Namespace
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.http import FAILURE_BODY, Recorder, envelope, multipart_parts

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "0f2ac74b498b48028cb68387c421e279"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
BASE = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces"


def sync_client(rec: Recorder) -> KVClient:
    return KVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def async_client(rec: Recorder) -> AsyncKVClient:
    return AsyncKVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


# --- pagination -------------------------------------------------------------------------


def test_namespaces_list_walks_pages_until_total_count() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        items = [
            {"id": f"ns{page}{i}", "title": f"t{page}{i}"} for i in range(2 if page < 3 else 1)
        ]
        info = {"page": page, "per_page": 2, "count": len(items), "total_count": 5}
        return envelope(items, result_info=info)

    rec = Recorder(respond)
    with sync_client(rec) as kv:
        namespaces = kv.namespaces.list(per_page=2, order="title", direction="asc").to_list()
    assert [n.id for n in namespaces] == ["ns10", "ns11", "ns20", "ns21", "ns30"]
    assert all(isinstance(n, Namespace) for n in namespaces)
    assert [r.url.params["page"] for r in rec.requests] == ["1", "2", "3"]
    assert {r.url.params["per_page"] for r in rec.requests} == {"2"}
    assert rec.requests[0].url.params["order"] == "title"
    assert rec.requests[0].url.path == BASE
    assert rec.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_keys_list_follows_the_cursor_until_it_is_empty() -> None:
    pages = {
        None: ([{"name": "a"}, {"name": "b", "expiration": 1577836800}], "c2"),
        "c2": ([{"name": "c", "metadata": {"someMetadataKey": "v"}}], ""),
    }

    def respond(request: httpx.Request) -> httpx.Response:
        items, cursor = pages[request.url.params.get("cursor")]
        return envelope(items, result_info={"count": len(items), "cursor": cursor})

    rec = Recorder(respond)
    with sync_client(rec) as kv:
        keys = list(kv.keys.list(NS, prefix="a", limit=10))
    assert [k.name for k in keys] == ["a", "b", "c"]
    assert keys[1].expiration == 1577836800
    assert keys[2].metadata == {"someMetadataKey": "v"}
    assert [r.url.params.get("cursor") for r in rec.requests] == [None, "c2"]
    assert rec.requests[0].url.params["prefix"] == "a"
    assert rec.requests[0].url.params["limit"] == "10"
    assert rec.requests[0].url.path == f"{BASE}/{NS}/keys"


async def test_async_keys_list_follows_the_cursor() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor") == "next":
            return envelope([{"name": "z"}], result_info={"count": 1, "cursor": ""})
        return envelope([{"name": "y"}], result_info={"count": 1, "cursor": "next"})

    rec = Recorder(respond)
    async with async_client(rec) as kv:
        names = [k.name async for k in kv.keys.list(NS)]
    assert names == ["y", "z"]
    assert len(rec.requests) == 2


# --- values ------------------------------------------------------------------------------


def test_values_get_returns_bytes_and_helpers_decode() -> None:
    raw = b"\x00\xff binary"
    stored = {"bin": raw, "text": "héllo".encode(), "json": b'{"a": [1, 2]}'}

    def respond(request: httpx.Request) -> httpx.Response:
        key = request.url.path.rsplit("/", 1)[1]
        return httpx.Response(
            200, content=stored[key], headers={"content-type": "application/octet-stream"}
        )

    rec = Recorder(respond)
    with sync_client(rec) as kv:
        assert kv.values.get(NS, "bin") == raw
        assert kv.values.get_text(NS, "text") == "héllo"
        assert kv.values.get_json(NS, "json") == {"a": [1, 2]}
    assert rec.requests[0].url.path == f"{BASE}/{NS}/values/bin"


def test_values_get_encodes_the_key_as_one_path_segment() -> None:
    rec = Recorder(lambda r: httpx.Response(200, content=b"v"))
    with sync_client(rec) as kv:
        kv.values.get(NS, "dir/with space?")
    assert rec.requests[0].url.raw_path.decode().endswith("/values/dir%2Fwith%20space%3F")


def test_values_put_sends_multipart_value_and_metadata_with_expiry_params() -> None:
    rec = Recorder(lambda r: envelope(None))
    with sync_client(rec) as kv:
        kv.values.put(
            NS, "greeting", b"\x01\x02hello", metadata={"lang": "en"}, expiration_ttl=3600
        )
        kv.values.put(NS, "plain", "text value", expiration=1893456000)
    first, second = rec.requests
    assert first.method == "PUT"
    assert first.url.path == f"{BASE}/{NS}/values/greeting"
    assert first.url.params["expiration_ttl"] == "3600"
    assert "expiration" not in first.url.params
    parts = multipart_parts(first)
    assert set(parts) == {"value", "metadata"}
    assert parts["value"].payload == b"\x01\x02hello"
    assert json.loads(parts["metadata"].payload) == {"lang": "en"}
    assert second.url.params["expiration"] == "1893456000"
    assert set(multipart_parts(second)) == {"value"}
    assert multipart_parts(second)["value"].payload == b"text value"


async def test_async_values_put_json_and_get_json_round_trip() -> None:
    store: dict[str, bytes] = {}

    def respond(request: httpx.Request) -> httpx.Response:
        key = request.url.path.rsplit("/", 1)[1]
        if request.method == "PUT":
            store[key] = multipart_parts(request)["value"].payload
            return envelope(None)
        return httpx.Response(200, content=store[key])

    rec = Recorder(respond)
    async with async_client(rec) as kv:
        await kv.values.put_json(NS, "cfg", {"n": 1, "tags": ["a"]})
        assert await kv.values.get_json(NS, "cfg") == {"n": 1, "tags": ["a"]}
        assert await kv.values.get_text(NS, "cfg") == '{"n":1,"tags":["a"]}'


def test_put_json_refuses_values_json_cannot_encode_before_any_request() -> None:
    rec = Recorder(lambda request: envelope(None))
    with sync_client(rec) as kv, pytest.raises(InvalidInputError, match="not JSON-serializable"):
        kv.values.put_json(NS, "cfg", {"s": {1, 2}})
    assert rec.requests == []


async def test_async_put_json_refuses_values_json_cannot_encode_before_any_request() -> None:
    rec = Recorder(lambda request: envelope(None))
    async with async_client(rec) as kv:
        with pytest.raises(InvalidInputError, match="not JSON-serializable"):
            await kv.values.put_json(NS, "cfg", {"s": {1, 2}})
        with pytest.raises(InvalidInputError, match="not JSON-serializable"):
            await kv.values.put_json(NS, "cfg", float("nan"))
    assert rec.requests == []


def test_values_delete_and_metadata_get() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if "/metadata/" in request.url.path:
            return envelope({"someMetadataKey": "someMetadataValue"})
        return envelope(None)

    rec = Recorder(respond)
    with sync_client(rec) as kv:
        kv.values.delete(NS, "k")
        assert kv.metadata.get(NS, "k") == {"someMetadataKey": "someMetadataValue"}
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("DELETE", f"{BASE}/{NS}/values/k"),
        ("GET", f"{BASE}/{NS}/metadata/k"),
    ]


# --- namespaces --------------------------------------------------------------------------


def test_namespace_create_update_get_delete_and_account_override() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "GET"):
            return envelope({"id": NS, "title": "My Own Namespace", "supports_url_encoding": True})
        return envelope(None)

    rec = Recorder(respond)
    with sync_client(rec) as kv:
        created = kv.namespaces.create("My Own Namespace")
        kv.namespaces.update(NS, title="Renamed")
        fetched = kv.namespaces.get(NS, account_id="other-account")
        kv.namespaces.delete(NS)
    assert created == fetched
    assert created.supports_url_encoding is True
    assert json.loads(rec.requests[0].content) == {"title": "My Own Namespace"}
    assert json.loads(rec.requests[1].content) == {"title": "Renamed"}
    assert (
        rec.requests[2].url.path == f"/client/v4/accounts/other-account/storage/kv/namespaces/{NS}"
    )
    assert (rec.requests[3].method, rec.requests[3].url.path) == ("DELETE", f"{BASE}/{NS}")


def test_bulk_write_chunks_at_ten_thousand_pairs_and_base64_encodes_bytes() -> None:
    rec = Recorder(
        lambda r: envelope(
            {"successful_key_count": len(json.loads(r.content)), "unsuccessful_keys": []}
        )
    )
    pairs = {f"k{i}": f"v{i}" for i in range(10_001)}
    with sync_client(rec) as kv:
        result = kv.namespaces.bulk_write(NS, pairs)
        kv.namespaces.bulk_write(
            NS,
            [KVPair(key="bin", value=b"\xff\x00", metadata={"m": 1}, expiration_ttl=120)],
        )
    bodies = [json.loads(r.content) for r in rec.requests]
    assert [len(b) for b in bodies] == [10_000, 1, 1]
    assert {r.method for r in rec.requests} == {"PUT"}
    assert rec.requests[0].url.path == f"{BASE}/{NS}/bulk"
    assert bodies[0][0] == {"key": "k0", "value": "v0"}
    assert bodies[1] == [{"key": "k10000", "value": "v10000"}]
    assert bodies[2] == [
        {
            "key": "bin",
            "value": base64.b64encode(b"\xff\x00").decode(),
            "base64": True,
            "metadata": {"m": 1},
            "expiration_ttl": 120,
        }
    ]
    assert result.requests == 2
    assert result.key_count == 10_001
    assert result.successful_key_count == 10_001


def test_bulk_delete_chunks_keys_and_legacy_uses_delete() -> None:
    rec = Recorder(lambda r: envelope(None))
    with sync_client(rec) as kv:
        result = kv.namespaces.bulk_delete(NS, (f"k{i}" for i in range(20_001)))
        kv.namespaces.bulk_delete_legacy(NS, ["a", "b"])
    assert [len(json.loads(r.content)) for r in rec.requests] == [10_000, 10_000, 1, 2]
    assert [(r.method, r.url.path.rsplit("/", 2)[-2:]) for r in rec.requests][-2:] == [
        ("POST", ["bulk", "delete"]),
        ("DELETE", [NS, "bulk"]),
    ]
    assert result.requests == 3
    assert result.successful_key_count is None


# --- errors ------------------------------------------------------------------------------


def test_success_false_on_http_200_raises_with_cloudflare_errors() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    with sync_client(rec) as kv, pytest.raises(APIStatusError) as caught:
        kv.namespaces.get(NS)
    assert [(e.code, e.message) for e in caught.value.errors] == [(7003, "No route for the URI")]


def test_missing_value_raises_not_found_with_the_envelope_errors() -> None:
    body = {**FAILURE_BODY, "errors": [{"code": 10009, "message": "get: 'key not found'"}]}
    rec = Recorder(lambda r: httpx.Response(404, json=body))
    with sync_client(rec) as kv, pytest.raises(NotFoundError) as caught:
        kv.values.get(NS, "missing")
    assert caught.value.errors[0].code == 10009
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)


async def test_async_error_mapping() -> None:
    rec = Recorder(lambda r: httpx.Response(400, json=FAILURE_BODY))
    async with async_client(rec) as kv:
        with pytest.raises(APIStatusError) as caught:
            await kv.namespaces.create("x")
    assert caught.value.status_code == 400


# --- bad input, rejected before any request ----------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[KVClient], object]]] = [
    ("empty namespace id", lambda kv: kv.values.get("", "k")),
    ("blank namespace id", lambda kv: kv.namespaces.get("  ")),
    ("empty key", lambda kv: kv.values.get(NS, "")),
    ("dot key", lambda kv: kv.values.put(NS, ".", "v")),
    ("dot-dot key", lambda kv: kv.values.delete(NS, "..")),
    ("key over 512 bytes", lambda kv: kv.values.put(NS, "é" * 257, "v")),
    (
        "metadata over 1024 bytes",
        lambda kv: kv.values.put(NS, "k", "v", metadata={"m": "x" * 1020}),
    ),
    ("metadata not JSON", lambda kv: kv.values.put(NS, "k", "v", metadata={"m": object()})),
    ("ttl under 60", lambda kv: kv.values.put(NS, "k", "v", expiration_ttl=59)),
    (
        "naive datetime",
        lambda kv: kv.values.put(
            NS, "k", "v", expiration=__import__("datetime").datetime(2030, 1, 1)
        ),
    ),
    ("list limit", lambda kv: kv.keys.list(NS, limit=5)),
    ("empty title", lambda kv: kv.namespaces.create("")),
    ("bulk bad key after good ones", lambda kv: kv.namespaces.bulk_write(NS, {"ok": "v", "": "v"})),
    (
        "bulk bad ttl",
        lambda kv: kv.namespaces.bulk_write(NS, [KVPair(key="k", value="v", expiration_ttl=1)]),
    ),
    ("bulk empty", lambda kv: kv.namespaces.bulk_write(NS, {})),
    ("bulk delete empty", lambda kv: kv.namespaces.bulk_delete(NS, [])),
    ("bulk delete bad key", lambda kv: kv.namespaces.bulk_delete(NS, ["a", "x" * 513])),
]


@pytest.mark.parametrize(("label", "call"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_rejected_before_any_request(
    label: str, call: Callable[[KVClient], object]
) -> None:
    rec = Recorder(lambda r: envelope(None))
    with sync_client(rec) as kv, pytest.raises(InvalidInputError):
        call(kv)
    assert rec.requests == []


def test_metadata_at_exactly_the_limit_is_accepted() -> None:
    rec = Recorder(lambda r: envelope(None))
    metadata = {"m": "x" * (1024 - len('{"m":""}'))}
    with sync_client(rec) as kv:
        kv.values.put(NS, "k" * 512, "v", metadata=metadata, expiration_ttl=60)
    assert len(rec.requests) == 1


async def test_async_bad_input_is_rejected_before_any_request() -> None:
    rec = Recorder(lambda r: envelope(None))
    async with async_client(rec) as kv:
        with pytest.raises(InvalidInputError):
            await kv.values.put(NS, "k", "v", expiration_ttl=10)
        with pytest.raises(InvalidInputError):
            await kv.namespaces.bulk_delete("", ["a"])
    assert rec.requests == []


def test_missing_account_id_is_rejected_before_any_request() -> None:
    rec = Recorder(lambda r: envelope(None))
    with (
        KVClient(api_token=TOKEN, transport=httpx.MockTransport(rec)) as kv,
        pytest.raises(InvalidInputError),
    ):
        kv.namespaces.get(NS)
    assert rec.requests == []


# --- construction ------------------------------------------------------------------------


def test_shared_http_client_is_not_closed_and_conflicting_arguments_are_refused() -> None:
    from cloudflarefs.core.http import HttpClient

    rec = Recorder(lambda r: envelope({"id": NS, "title": "t"}))
    http = HttpClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))
    with KVClient(http=http) as kv:
        assert kv.http is http
    # Still usable: the KV client did not own it.
    assert KVClient(http=http).namespaces.get(NS).id == NS
    http.close()
    with pytest.raises(ConfigurationError):
        KVClient(http=http, api_token=TOKEN)


def test_user_agent_names_the_package_and_repr_hides_the_token() -> None:
    rec = Recorder(lambda r: envelope({"id": NS, "title": "t"}))
    with sync_client(rec) as kv:
        kv.namespaces.get(NS)
        assert TOKEN not in repr(kv)
    assert "cloudflarefs-kv-management/" in rec.requests[0].headers["user-agent"]
