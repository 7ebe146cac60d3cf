"""Request validation and routing of the local API, without Miniflare (no data call is reached)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudflarefs.core import ServerError
from cloudflarefs.d1.management import D1Client
from cloudflarefs.testing.harness import Harness
from cloudflarefs.testing.local_api._account import LOCAL_ACCOUNT_ID, LocalAccount
from cloudflarefs.testing.local_api._spec import SERVICES, load_spec
from cloudflarefs.testing.local_api._wire import ApiError, Request
from cloudflarefs.testing.local_api.server import LocalApiServer, build_router, handle

AUTH = {"authorization": "Bearer t"}


@pytest.fixture(scope="module")
def offline() -> tuple[Any, LocalAccount]:
    account = LocalAccount(Harness())  # never started: these requests must not reach Node
    return build_router(account), account


def _call(
    offline: tuple[Any, LocalAccount], method: str, path: str, body: Any = None, **query: str
) -> tuple[int, dict[str, Any]]:
    router, account = offline
    raw = b"" if body is None else json.dumps(body).encode()
    headers = {**AUTH, "content-type": "application/json"} if body is not None else dict(AUTH)
    full = path if path.startswith("/zones/") else f"/accounts/{LOCAL_ACCOUNT_ID}{path}"
    request = Request(
        method=method,
        path=f"/client/v4{full}",
        query={k: [v] for k, v in query.items()},
        headers=headers,
        body=raw,
    )
    response = handle(router, account, request)
    return response.status, json.loads(response.body)


def test_missing_required_body_field_is_400(offline: tuple[Any, LocalAccount]) -> None:
    status, doc = _call(offline, "POST", "/d1/database", {"primary_location_hint": "weur"})
    assert status == 400 and doc["success"] is False
    assert "'name' is a required property" in doc["errors"][0]["message"]


def test_wrong_types_and_enums_are_400(offline: tuple[Any, LocalAccount]) -> None:
    status, doc = _call(offline, "POST", "/queues/q1/messages/pull", {"batch_size": "ten"})
    assert status == 400 and "batch_size" in doc["errors"][0]["message"]
    status, doc = _call(offline, "GET", "/storage/kv/namespaces", order="size")
    assert status == 400 and "order" in doc["errors"][0]["message"]


def test_a_rejected_secret_is_not_echoed(offline: tuple[Any, LocalAccount]) -> None:
    body = {
        "name": "pg",
        "origin": {
            "host": "127.0.0.1",
            "port": "not-a-port-s3cr3t",
            "database": "d",
            "user": "u",
            "password": "pw",
            "scheme": "postgres",
        },
    }
    status, doc = _call(offline, "POST", "/hyperdrive/configs", body)
    assert status == 400
    assert "s3cr3t" not in json.dumps(doc), doc


def test_unknown_resources_use_cloudflare_codes(offline: tuple[Any, LocalAccount]) -> None:
    cases = {
        "/storage/kv/namespaces/" + "0" * 32: 10013,
        "/d1/database/00000000-0000-0000-0000-00000000000f": 7404,
        "/r2/buckets/nope": 10006,
        "/queues/" + "0" * 32: 11000,
        "/hyperdrive/configs/" + "0" * 32: 2005,
        "/workers/scripts/nope/settings": 10007,
    }
    for path, code in cases.items():
        status, doc = _call(offline, "GET", path)
        assert (status, doc["errors"][0]["code"]) == (404, code), path


def test_wrong_method_is_405(offline: tuple[Any, LocalAccount]) -> None:
    status, _ = _call(offline, "PATCH", "/storage/kv/namespaces")
    assert status == 405


@settings(max_examples=60, deadline=None)
@given(
    per_page=st.integers(min_value=5, max_value=100), count=st.integers(min_value=0, max_value=40)
)
def test_page_lists_partition_the_items(per_page: int, count: int) -> None:
    router_account = LocalAccount(Harness())
    router = build_router(router_account)
    for i in range(count):
        router_account.kv[f"{i:032x}"] = {
            "id": f"{i:032x}",
            "title": f"t{i}",
            "supports_url_encoding": True,
        }
    seen: list[str] = []
    total_count = -1
    for p in range(1, 50):
        status, doc = _call(
            (router, router_account),
            "GET",
            "/storage/kv/namespaces",
            page=str(p),
            per_page=str(per_page),
        )
        assert status == 200
        total_count = doc["result_info"]["total_count"]
        seen += [n["id"] for n in doc["result"]]
        if p >= doc["result_info"]["total_pages"]:
            break
    assert seen == sorted(router_account.kv) and total_count == count


UNSERVED = {  # operations of the management packages the local API does not implement
    ("GET", "/storage/analytics"): "/accounts/{account_id}/storage/analytics",
    ("GET", "/d1/database/db1/time_travel/bookmark"): (
        "/accounts/{account_id}/d1/database/{database_id}/time_travel/bookmark"
    ),
    ("PATCH", "/d1/database/db1"): "/accounts/{account_id}/d1/database/{database_id}",
    ("PUT", "/r2/buckets/b1/cors"): "/accounts/{account_id}/r2/buckets/{bucket_name}/cors",
    ("POST", "/queues/q1/purge"): "/accounts/{account_id}/queues/{queue_id}/purge",
    ("POST", "/queues/q1/messages/peek"): (
        "/accounts/{account_id}/queues/{queue_id}/messages/peek"
    ),
}


@pytest.mark.parametrize(("method", "path"), list(UNSERVED))
def test_a_valid_but_unserved_operation_is_501_naming_it(
    offline: tuple[Any, LocalAccount], method: str, path: str
) -> None:
    status, doc = _call(offline, method, path, {} if method != "GET" else None)
    assert status == 501 and doc["success"] is False
    assert doc["errors"] == [
        {
            "code": 10501,
            "message": f"not served by the local API: {method} {UNSERVED[method, path]}",
        }
    ]


def test_every_spec_operation_is_served_or_named_as_unserved(
    offline: tuple[Any, LocalAccount],
) -> None:
    # No operation of the shipped spec slices gets the "No route" 404 or a 405: a client
    # calling one learns that the local API lacks it, not that its resource does not exist.
    router, _ = offline
    unserved: list[str] = []
    for service in SERVICES:
        for template, item in load_spec(service)["paths"].items():
            path = re.sub(r"\{[^}]+\}", "x1", template.replace("{account_id}", LOCAL_ACCOUNT_ID))
            for method in (
                m.upper() for m in item if m in ("get", "put", "post", "patch", "delete")
            ):
                try:
                    served = router.match(method, path) is not None
                except ApiError:  # 405
                    served = False
                if served:
                    continue
                status, doc = _call(
                    offline, method, path.removeprefix(f"/accounts/{LOCAL_ACCOUNT_ID}")
                )
                assert (status, doc["errors"][0]["code"]) == (501, 10501), (method, template)
                unserved.append(f"{method} {template}")
    assert "POST /accounts/{account_id}/queues/{queue_id}/purge" in unserved


def test_paths_outside_the_spec_still_get_no_route(offline: tuple[Any, LocalAccount]) -> None:
    status, doc = _call(offline, "GET", "/storage/kv/nowhere")
    assert (status, doc["errors"][0]["code"]) == (404, 7003)


def test_a_client_calling_an_unserved_operation_gets_a_501_server_error() -> None:
    # Over real loopback HTTP, through the D1 management client (no Node: nothing is served).
    server = LocalApiServer(LocalAccount(Harness()), port=0).start()
    try:
        d1 = D1Client(api_token="t", account_id=LOCAL_ACCOUNT_ID, base_url=server.base_url)
        with d1, pytest.raises(ServerError) as caught:
            d1.time_travel.get_bookmark("db1")
    finally:
        server.close()
    err = caught.value
    assert err.status_code == 501 and [e.code for e in err.errors] == [10501]
    assert str(err).startswith(
        "501 Not Implemented: [10501] not served by the local API: GET "
        "/accounts/{account_id}/d1/database/{database_id}/time_travel/bookmark"
    )
