"""Behaviour of WorkersForPlatformsClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, ConfigurationError, InvalidInputError
from cloudflarefs.testing.http import FAILURE_BODY, Driver, Recorder, envelope, multipart_parts
from cloudflarefs.workers_for_platforms.management import (
    KVNamespaceBinding,
    WorkerModule,
    WorkersForPlatformsClient,
)
from cloudflarefs.workers_for_platforms.management.aio import (
    WorkersForPlatformsClient as AsyncWorkersForPlatformsClient,
)
from cloudflarefs.workers_for_platforms.management.models import NamespacesCreateBody

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
NAMESPACES = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces"
# The spec's namespace example (workers_namespace-response).
NAMESPACE = {
    "created_by": "1d18b5b3a2b34e5e8e5b1f7f3c4d5e6f",
    "created_on": "2023-02-28T19:31:26.000000Z",
    "modified_by": "1d18b5b3a2b34e5e8e5b1f7f3c4d5e6f",
    "modified_on": "2023-02-28T19:31:26.000000Z",
    "namespace_id": "0f2ac74b498b48028cb68387c421e279",
    "namespace_name": "my-dispatch-namespace",
    "script_count": 800,
}
MAIN = "export default { fetch() { return new Response('hi') } }"


def driver(flavour: str, rec: Recorder) -> Driver:
    """The sync or the async client over ``rec``, behind one calling convention."""
    cls: Any = WorkersForPlatformsClient if flavour == "sync" else AsyncWorkersForPlatformsClient
    return Driver(cls(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)))


async def test_namespace_create_takes_a_name(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope(NAMESPACE))
    drive = driver(sync_or_async, rec)
    created = await drive(lambda c: c.namespaces.create("my-dispatch-namespace"))
    assert created.namespace_name == "my-dispatch-namespace"
    assert created.script_count == 800
    await drive(lambda c: c.namespaces.create(body=NamespacesCreateBody(name="other")))
    first, second = rec.requests
    assert (first.method, first.url.path) == ("POST", NAMESPACES)
    assert json.loads(first.content) == {"name": "my-dispatch-namespace"}
    assert json.loads(second.content) == {"name": "other"}


async def test_namespaces_list_and_delete(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope([NAMESPACE] if r.method == "GET" else None))
    drive = driver(sync_or_async, rec)
    listed = await drive.collect(drive.client.namespaces.list())
    assert [n.namespace_id for n in listed] == ["0f2ac74b498b48028cb68387c421e279"]
    assert await drive(lambda c: c.namespaces.delete("my-dispatch-namespace")) is None
    assert rec.requests[1].method == "DELETE"
    assert rec.requests[1].url.path == f"{NAMESPACES}/my-dispatch-namespace"


async def test_user_worker_upload_is_multipart(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"id": "acme", "startup_time_ms": 3}))
    drive = driver(sync_or_async, rec)
    result = await drive(
        lambda c: c.scripts.upload(
            "customers",
            "acme",
            [WorkerModule("index.js", MAIN), WorkerModule("data.bin", b"\x01\x02")],
            compatibility_date="2025-01-01",
            bindings=[KVNamespaceBinding(name="KV", namespace_id="ns-id")],
            tags=["customer-acme"],
        )
    )
    assert result.startup_time_ms == 3
    (request,) = rec.requests
    assert (request.method, request.url.path) == ("PUT", f"{NAMESPACES}/customers/scripts/acme")
    parts = multipart_parts(request)
    assert parts["index.js"] == ("application/javascript+module", "index.js", MAIN.encode())
    assert parts["data.bin"] == ("application/octet-stream", "data.bin", b"\x01\x02")
    assert json.loads(parts["metadata"].payload) == {
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "bindings": [{"type": "kv_namespace", "name": "KV", "namespace_id": "ns-id"}],
        "tags": ["customer-acme"],
    }


async def test_content_upload_sets_the_main_module_header(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"id": "acme"}))
    drive = driver(sync_or_async, rec)
    await drive(lambda c: c.content.upload("customers", "acme", [WorkerModule("w.py", "X = 1")]))
    (request,) = rec.requests
    assert request.url.path == f"{NAMESPACES}/customers/scripts/acme/content"
    assert request.headers["cf-worker-main-module-part"] == "w.py"
    assert multipart_parts(request)["w.py"] == ("text/x-python", "w.py", b"X = 1")


async def test_secret_put_and_tags(sync_or_async: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/secrets"):
            return envelope({"name": "API_KEY", "type": "secret_text"})
        return envelope(["a", "b"])

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    secret = await drive(lambda c: c.secrets.put("customers", "acme", "API_KEY", "s3cr3t"))
    assert (secret.name, secret.type_) == ("API_KEY", "secret_text")
    tags = await drive(lambda c: c.tags.update("customers", "acme", body=["a", "b"]))
    assert tags == ["a", "b"]
    put_secret, put_tags = rec.requests
    assert json.loads(put_secret.content) == {
        "name": "API_KEY",
        "text": "s3cr3t",
        "type": "secret_text",
    }
    assert json.loads(put_tags.content) == ["a", "b"]


async def test_success_false_raises(sync_or_async: str) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    drive = driver(sync_or_async, rec)
    with pytest.raises(APIStatusError) as info:
        await drive(lambda c: c.namespaces.get("customers"))
    assert info.value.errors[0].code == 7003


BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("empty namespace name", lambda c: c.namespaces.create("  ")),
    ("name and body", lambda c: c.namespaces.create("a", body=NamespacesCreateBody(name="b"))),
    ("empty namespace", lambda c: c.scripts.upload("", "acme", [WorkerModule("a.js", MAIN)])),
    ("empty script", lambda c: c.scripts.get("customers", "")),
    ("no modules", lambda c: c.scripts.upload("customers", "acme", [])),
    ("empty secret name", lambda c: c.secrets.put("customers", "acme", "", "x")),
    ("empty tag", lambda c: c.tags.put("customers", "acme", "")),
    (
        "bad date",
        lambda c: c.scripts.upload(
            "n", "s", [WorkerModule("a.js", MAIN)], compatibility_date="1/1/25"
        ),
    ),
]


@pytest.mark.parametrize("case", BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_is_rejected_before_any_request(
    sync_or_async: str, case: tuple[str, Callable[[Any], Any]]
) -> None:
    rec = Recorder(lambda r: envelope(None))
    drive = driver(sync_or_async, rec)
    with pytest.raises(InvalidInputError):
        await drive(case[1])
    assert rec.requests == []


def test_shared_http_and_conflicting_arguments() -> None:
    rec = Recorder(lambda r: envelope(NAMESPACE))
    owner = WorkersForPlatformsClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    )
    with pytest.raises(ConfigurationError):
        WorkersForPlatformsClient(http=owner.http, account_id=ACCOUNT)
    with WorkersForPlatformsClient(http=owner.http) as shared:
        assert shared.http is owner.http
    assert owner.namespaces.get("customers").namespace_name == "my-dispatch-namespace"
    assert "cloudflarefs-workers-for-platforms-management/" in rec.requests[0].headers["user-agent"]
    assert TOKEN not in repr(owner)
    owner.close()


def test_entry_points_name_both_clients() -> None:
    sync = {e.name: e for e in entry_points(group="cloudflarefs.management")}
    aio = {e.name: e for e in entry_points(group="cloudflarefs.management.aio")}
    assert sync["workers_for_platforms"].load() is WorkersForPlatformsClient
    assert aio["workers_for_platforms"].load() is AsyncWorkersForPlatformsClient


def test_public_models_module_mirrors_the_generated_models() -> None:
    from cloudflarefs.workers_for_platforms.management import models
    from cloudflarefs.workers_for_platforms.management._generated import models as generated

    assert sorted(models.__all__) == sorted(generated.__all__)  # ruff orders __all__ naturally
    assert all(getattr(models, name) is getattr(generated, name) for name in generated.__all__)
