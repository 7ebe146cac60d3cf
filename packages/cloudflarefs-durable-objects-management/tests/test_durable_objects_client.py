"""Behaviour of DurableObjectsClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import typing

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, InvalidInputError
from cloudflarefs.durable_objects.management import (
    DurableObjectsClient,
    Namespace,
    ObjectsListResultItem,
)
from cloudflarefs.durable_objects.management.aio import (
    DurableObjectsClient as AsyncDurableObjectsClient,
)
from cloudflarefs.testing.http import FAILURE_BODY, Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "5fd1cafff895419c8bcc647fc64ab8f0"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
BASE = f"/client/v4/accounts/{ACCOUNT}/workers/durable_objects/namespaces"


def sync_client(rec: Recorder) -> DurableObjectsClient:
    return DurableObjectsClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    )


def objects_pages(request: httpx.Request) -> httpx.Response:
    """Objects pages linked by ``result_info.cursors.after`` (what the live API sends)."""
    cursor = request.url.params.get("cursor")
    if cursor is None:
        items = [{"id": "a1", "hasStoredData": True}, {"id": "a2", "hasStoredData": False}]
        return envelope(items, result_info={"count": 2, "cursors": {"after": "AAA"}})
    if cursor == "AAA":
        return envelope(
            [{"id": "a3", "hasStoredData": True}], result_info={"count": 1, "cursors": {}}
        )
    raise AssertionError(f"unexpected cursor {cursor}")


def test_objects_list_follows_cursors_after() -> None:
    rec = Recorder(objects_pages)
    with sync_client(rec) as do:
        objects = do.objects.list(NS, limit=10).to_list()
    assert [(o.id, o.has_stored_data) for o in objects] == [
        ("a1", True),
        ("a2", False),
        ("a3", True),
    ]
    assert all(isinstance(o, ObjectsListResultItem) for o in objects)
    assert [r.url.params.get("cursor") for r in rec.requests] == [None, "AAA"]
    assert rec.requests[0].url.params["limit"] == "10"
    assert rec.requests[0].url.path == f"{BASE}/{NS}/objects"


async def test_async_objects_list_follows_cursors_after() -> None:
    rec = Recorder(objects_pages)
    async with AsyncDurableObjectsClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as do:
        ids = [o.id async for o in do.objects.list(NS)]
    assert ids == ["a1", "a2", "a3"]


def test_namespaces_list_is_one_page_of_typed_strings() -> None:
    # The API declares no paging here: one request, even when result_info claims more pages.
    item = {"class": "Counter", "id": "id1", "name": "counter", "script": "worker"}
    info = {"page": 1, "per_page": 1, "count": 1, "total_count": 2}
    rec = Recorder(lambda r: envelope([item], result_info=info))
    with sync_client(rec) as do:
        namespaces = list(do.namespaces.list())
    assert [(n.class_, n.id, n.name, n.script) for n in namespaces] == [
        ("Counter", "id1", "counter", "worker")
    ]
    assert len(rec.requests) == 1 and rec.requests[0].url.path == BASE
    assert "page" not in rec.requests[0].url.params


def test_namespace_fields_are_typed_optional_strings() -> None:
    hints = typing.get_type_hints(Namespace)
    assert {name: hints[name] for name in ("class_", "id", "name", "script")} == dict.fromkeys(
        ("class_", "id", "name", "script"), str | None
    )


def test_errors_raise_and_bad_input_is_rejected_before_any_request() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    with sync_client(rec) as do:
        with pytest.raises(APIStatusError) as caught:
            do.namespaces.list().to_list()
        assert caught.value.errors[0].code == 7003
        sent = len(rec.requests)
        with pytest.raises(InvalidInputError):
            do.objects.list("")
        with pytest.raises(InvalidInputError):
            do.objects.list(NS, limit=5)
        with pytest.raises(InvalidInputError):
            do.objects.list(NS, limit=10_001)
    assert len(rec.requests) == sent == 1


def test_user_agent_and_account_override() -> None:
    rec = Recorder(lambda r: envelope([], result_info={"count": 0, "cursor": ""}))
    with sync_client(rec) as do:
        do.objects.list(NS, account_id="other").to_list()
    assert rec.requests[0].url.path.startswith("/client/v4/accounts/other/")
    assert "cloudflarefs-durable-objects-management/" in rec.requests[0].headers["user-agent"]
