"""Behaviour of WorkersForPlatformsClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from email.parser import BytesParser
from email.policy import HTTP
from importlib.metadata import entry_points
from typing import Any, TypeVar

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, ConfigurationError, InvalidInputError
from cloudflarefs.workers_for_platforms.management import (
    KVNamespaceBinding,
    WorkerModule,
    WorkersForPlatformsClient,
)
from cloudflarefs.workers_for_platforms.management.aio import (
    WorkersForPlatformsClient as AsyncWorkersForPlatformsClient,
)
from cloudflarefs.workers_for_platforms.management.models import NamespacesCreateBody

T = TypeVar("T")
ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
NAMESPACES = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces"
FAILURE = {
    "errors": [{"code": 7003, "message": "No route for the URI"}],
    "messages": [],
    "result": None,
    "success": False,
}
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


def ok(result: Any) -> httpx.Response:
    return httpx.Response(
        200, json={"success": True, "errors": [], "messages": [], "result": result}
    )


class Recorder:
    """A MockTransport handler that records every request it answers."""

    def __init__(self, respond: Callable[[httpx.Request], httpx.Response]) -> None:
        self.respond = respond
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)


class Driver:
    """Runs the same scenario through the sync or the async client."""

    def __init__(self, mode: str, rec: Recorder) -> None:
        self.mode = mode
        transport = httpx.MockTransport(rec)
        cls: Any = WorkersForPlatformsClient if mode == "sync" else AsyncWorkersForPlatformsClient
        self.client: Any = cls(api_token=TOKEN, account_id=ACCOUNT, transport=transport)

    async def __call__(self, call: Callable[[Any], T | Awaitable[T]]) -> T:
        result = call(self.client)
        if self.mode == "async":
            return await result  # type: ignore[misc]
        return result  # type: ignore[return-value]

    async def collect(self, pager: Any) -> list[Any]:
        if self.mode == "async":
            return [x async for x in pager]
        return list(pager)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


def parts_of(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    """``{name: (content type, payload)}`` of a multipart/form-data body."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    out: dict[str, tuple[str | None, bytes]] = {}
    for part in BytesParser(policy=HTTP).parsebytes(raw).iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        declared = part.get("content-type")
        out[name] = (str(declared) if declared else None, payload)
    return out


async def test_namespace_create_takes_a_name(mode: str) -> None:
    rec = Recorder(lambda r: ok(NAMESPACE))
    drive = Driver(mode, rec)
    created = await drive(lambda c: c.namespaces.create("my-dispatch-namespace"))
    assert created.namespace_name == "my-dispatch-namespace"
    assert created.script_count == 800
    await drive(lambda c: c.namespaces.create(body=NamespacesCreateBody(name="other")))
    first, second = rec.requests
    assert (first.method, first.url.path) == ("POST", NAMESPACES)
    assert json.loads(first.content) == {"name": "my-dispatch-namespace"}
    assert json.loads(second.content) == {"name": "other"}


async def test_namespaces_list_and_delete(mode: str) -> None:
    rec = Recorder(lambda r: ok([NAMESPACE] if r.method == "GET" else None))
    drive = Driver(mode, rec)
    listed = await drive.collect(drive.client.namespaces.list())
    assert [n.namespace_id for n in listed] == ["0f2ac74b498b48028cb68387c421e279"]
    assert await drive(lambda c: c.namespaces.delete("my-dispatch-namespace")) is None
    assert rec.requests[1].method == "DELETE"
    assert rec.requests[1].url.path == f"{NAMESPACES}/my-dispatch-namespace"


async def test_user_worker_upload_is_multipart(mode: str) -> None:
    rec = Recorder(lambda r: ok({"id": "acme", "startup_time_ms": 3}))
    drive = Driver(mode, rec)
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
    parts = parts_of(request)
    assert parts["index.js"] == ("application/javascript+module", MAIN.encode())
    assert parts["data.bin"] == ("application/octet-stream", b"\x01\x02")
    assert json.loads(parts["metadata"][1]) == {
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "bindings": [{"type": "kv_namespace", "name": "KV", "namespace_id": "ns-id"}],
        "tags": ["customer-acme"],
    }


async def test_content_upload_sets_the_main_module_header(mode: str) -> None:
    rec = Recorder(lambda r: ok({"id": "acme"}))
    drive = Driver(mode, rec)
    await drive(lambda c: c.content.upload("customers", "acme", [WorkerModule("w.py", "X = 1")]))
    (request,) = rec.requests
    assert request.url.path == f"{NAMESPACES}/customers/scripts/acme/content"
    assert request.headers["cf-worker-main-module-part"] == "w.py"
    assert parts_of(request)["w.py"] == ("text/x-python", b"X = 1")


async def test_secret_put_and_tags(mode: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/secrets"):
            return ok({"name": "API_KEY", "type": "secret_text"})
        return ok(["a", "b"])

    rec = Recorder(respond)
    drive = Driver(mode, rec)
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


async def test_success_false_raises(mode: str) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE))
    drive = Driver(mode, rec)
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
    mode: str, case: tuple[str, Callable[[Any], Any]]
) -> None:
    rec = Recorder(lambda r: ok(None))
    drive = Driver(mode, rec)
    with pytest.raises(InvalidInputError):
        await drive(case[1])
    assert rec.requests == []


def test_shared_http_and_conflicting_arguments() -> None:
    rec = Recorder(lambda r: ok(NAMESPACE))
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

    assert models.__all__ == generated.__all__
    assert all(getattr(models, name) is getattr(generated, name) for name in generated.__all__)
