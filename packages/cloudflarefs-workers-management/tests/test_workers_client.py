"""Behaviour of WorkersClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import (
    APIStatusError,
    CloudflareError,
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
)
from cloudflarefs.testing.http import FAILURE_BODY, Driver, Recorder, envelope, multipart_parts
from cloudflarefs.workers.management import (
    D1Binding,
    DurableObjectBinding,
    KVNamespaceBinding,
    PlainTextBinding,
    SecretTextBinding,
    ServiceBinding,
    WorkerModule,
    WorkersClient,
    content_type_for,
)
from cloudflarefs.workers.management.aio import WorkersClient as AsyncWorkersClient
from cloudflarefs.workers.management.models import ScriptSettingsItemInput

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
SCRIPTS = f"/client/v4/accounts/{ACCOUNT}/workers/scripts"

# The spec's upload response example (workers_script-response-upload-single), abridged.
UPLOADED = {
    "created_on": "2022-05-05T05:15:11.602148Z",
    "etag": "777f24a43bef5f69174aa69ceaf1dea67968d510a31d1vw3e49d34a0187c06d1",
    "id": "this-is_my_script-01",
    "logpush": False,
    "modified_on": "2022-05-20T19:02:56.446492Z",
    "startup_time_ms": 10,
    "usage_model": "bundled",
}


MAIN = "export default { fetch() { return new Response('hi') } }"


def driver(flavour: str, rec: Recorder) -> Driver:
    """The sync or the async client over ``rec``, behind one calling convention."""
    cls: Any = WorkersClient if flavour == "sync" else AsyncWorkersClient
    return Driver(cls(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)))


async def test_upload_sends_modules_and_metadata(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope(UPLOADED))
    drive = driver(sync_or_async, rec)
    modules = [
        WorkerModule("index.mjs", MAIN),
        WorkerModule("lib/util.js", "export const x = 1"),
        WorkerModule("add.wasm", b"\x00asm\x01\x00\x00\x00"),
        WorkerModule("index.mjs.map", b"{}"),
        WorkerModule("words.txt", "a\nb"),
        WorkerModule("blob.bin", b"\xff\x00"),
    ]
    result = await drive(
        lambda c: c.scripts.upload(
            "my-worker",
            modules,
            compatibility_date="2025-01-01",
            compatibility_flags=["nodejs_compat"],
            bindings=[
                KVNamespaceBinding(name="CACHE", namespace_id="0f2ac74b498b48028cb68387c421e279"),
                D1Binding(name="DB", id="xxxx-db"),
                DurableObjectBinding(name="ROOMS", class_name="Room"),
                ServiceBinding(name="AUTH", service="auth", entrypoint="Checker"),
                SecretTextBinding(name="API_KEY", text="s3cr3t"),
                {"type": "browser", "name": "BROWSER"},
            ],
            keep_bindings=["secret_text"],
            keep_assets=True,
        )
    )
    assert result.id == "this-is_my_script-01"
    assert result.startup_time_ms == 10
    (request,) = rec.requests
    assert request.method == "PUT"
    assert request.url.path == f"{SCRIPTS}/my-worker"
    parts = multipart_parts(request)
    assert list(parts) == [
        "metadata",
        "index.mjs",
        "lib/util.js",
        "add.wasm",
        "index.mjs.map",
        "words.txt",
        "blob.bin",
    ]
    assert parts["index.mjs"] == ("application/javascript+module", "index.mjs", MAIN.encode())
    assert parts["lib/util.js"][0] == "application/javascript+module"
    assert parts["add.wasm"] == ("application/wasm", "add.wasm", b"\x00asm\x01\x00\x00\x00")
    assert parts["index.mjs.map"][0] == "application/source-map"
    assert parts["words.txt"][0] == "text/plain"
    assert parts["blob.bin"][0] == "application/octet-stream"
    assert parts["metadata"][0] == "application/json"
    assert json.loads(parts["metadata"][2]) == {
        "main_module": "index.mjs",
        "compatibility_date": "2025-01-01",
        "compatibility_flags": ["nodejs_compat"],
        "bindings": [
            {
                "type": "kv_namespace",
                "name": "CACHE",
                "namespace_id": "0f2ac74b498b48028cb68387c421e279",
            },
            {"type": "d1", "name": "DB", "id": "xxxx-db"},
            {"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"},
            {"type": "service", "name": "AUTH", "service": "auth", "entrypoint": "Checker"},
            {"type": "secret_text", "name": "API_KEY", "text": "s3cr3t"},
            {"type": "browser", "name": "BROWSER"},
        ],
        "keep_bindings": ["secret_text"],
        "keep_assets": True,
    }


async def test_python_worker_and_service_worker_entry_points(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope(UPLOADED))
    drive = driver(sync_or_async, rec)
    await drive(
        lambda c: c.scripts.upload(
            "py",
            [
                WorkerModule("helpers.py", "X = 1"),
                WorkerModule("entry.py", "from workers import *"),
            ],
            main_module="entry.py",
            extra_metadata={"placement": {"mode": "smart"}},
        )
    )
    await drive(
        lambda c: c.scripts.upload(
            "sw",
            [
                WorkerModule(
                    "worker.js", "addEventListener('fetch', e => {})", "application/javascript"
                )
            ],
        )
    )
    py, sw = (multipart_parts(r) for r in rec.requests)
    assert py["entry.py"][0] == "text/x-python"
    assert json.loads(py["metadata"][2]) == {
        "main_module": "entry.py",
        "placement": {"mode": "smart"},
    }
    assert sw["worker.js"][0] == "application/javascript"
    assert json.loads(sw["metadata"][2]) == {"body_part": "worker.js"}


async def test_content_upload_names_the_main_module_in_a_header(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"id": "my-worker"}))
    drive = driver(sync_or_async, rec)
    await drive(lambda c: c.content.upload("my-worker", [WorkerModule("index.js", MAIN)]))
    (request,) = rec.requests
    assert request.url.path == f"{SCRIPTS}/my-worker/content"
    assert request.headers["cf-worker-main-module-part"] == "index.js"
    assert json.loads(multipart_parts(request)["metadata"][2]) == {"main_module": "index.js"}


async def test_version_upload_carries_annotations(sync_or_async: str) -> None:
    version = {"id": "18f97339-c287-4872-9bdd-e2135c07ec12", "number": 1, "resources": {}}
    rec = Recorder(lambda r: envelope(version))
    drive = driver(sync_or_async, rec)
    uploaded = await drive(
        lambda c: c.versions.upload(
            "my-worker",
            [WorkerModule("index.js", MAIN)],
            message="fix the thing",
            tag="v1.2.3",
            compatibility_date="2025-01-01",
        )
    )
    assert uploaded.id == "18f97339-c287-4872-9bdd-e2135c07ec12"
    (request,) = rec.requests
    assert (request.method, request.url.path) == ("POST", f"{SCRIPTS}/my-worker/versions")
    assert json.loads(multipart_parts(request)["metadata"][2]) == {
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "annotations": {"workers/message": "fix the thing", "workers/tag": "v1.2.3"},
    }


async def test_deploy_splits_traffic(sync_or_async: str) -> None:
    deployment = {
        "id": "bcf48806-b317-4351-9ee7-36e7d557d4de",
        "source": "api",
        "strategy": "percentage",
        "versions": [
            {"version_id": "v-new", "percentage": 10.0},
            {"version_id": "v-old", "percentage": 90.0},
        ],
        "annotations": {"workers/message": "canary"},
    }
    rec = Recorder(lambda r: envelope(deployment))
    drive = driver(sync_or_async, rec)
    result = await drive(
        lambda c: c.deployments.deploy("my-worker", {"v-new": 10, "v-old": 90}, message="canary")
    )
    assert [v.version_id for v in result.versions] == ["v-new", "v-old"]
    assert result.annotations is not None and result.annotations.workers_message == "canary"
    (request,) = rec.requests
    assert (request.method, request.url.path) == ("POST", f"{SCRIPTS}/my-worker/deployments")
    assert json.loads(request.content) == {
        "annotations": {"workers/message": "canary"},
        "strategy": "percentage",
        "versions": [
            {"percentage": 10.0, "version_id": "v-new"},
            {"percentage": 90.0, "version_id": "v-old"},
        ],
    }


async def test_versions_list_walks_result_items_pages(sync_or_async: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        assert request.url.params["per_page"] == "2"
        ids = {1: ["a", "b"], 2: ["c"]}[page]
        return envelope(
            {"items": [{"id": i, "number": n, "metadata": {}} for n, i in enumerate(ids)]}
        )

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    versions = await drive.collect(drive.client.versions.list("my-worker", per_page=2))
    assert [v.id for v in versions] == ["a", "b", "c"]
    assert [r.url.params["page"] for r in rec.requests] == ["1", "2"]


async def test_scripts_list_and_download(sync_or_async: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path == SCRIPTS:
            return envelope([UPLOADED])
        return httpx.Response(
            200, content=MAIN.encode(), headers={"content-type": "application/javascript"}
        )

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    scripts = await drive.collect(drive.client.scripts.list())
    assert [s.id for s in scripts] == ["this-is_my_script-01"]
    assert await drive(lambda c: c.scripts.get("this-is_my_script-01")) == MAIN.encode()
    assert await drive(lambda c: c.scripts.get_text("this-is_my_script-01")) == MAIN


async def test_success_false_raises_with_the_api_errors(sync_or_async: str) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    drive = driver(sync_or_async, rec)
    with pytest.raises(APIStatusError) as info:
        await drive(lambda c: c.settings.get("my-worker"))
    assert [e.code for e in info.value.errors] == [7003]
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)


async def test_not_found_maps_to_not_found_error(sync_or_async: str) -> None:
    body = {
        **FAILURE_BODY,
        "errors": [{"code": 10007, "message": "workers.api.error.script_not_found"}],
    }
    rec = Recorder(lambda r: httpx.Response(404, json=body))
    drive = driver(sync_or_async, rec)
    with pytest.raises(NotFoundError) as info:
        await drive(lambda c: c.scripts.get("missing"))
    assert info.value.status_code == 404
    assert info.value.errors[0].code == 10007


async def test_json_bodies_and_account_override(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope({"logpush": True, "tail_consumers": [{"service": "tail"}]}))
    drive = driver(sync_or_async, rec)
    result = await drive(
        lambda c: c.settings.edit(
            "my-worker", body=ScriptSettingsItemInput(logpush=True), account_id="other-account"
        )
    )
    assert result.logpush is True
    assert result.tail_consumers is not None and result.tail_consumers[0].service == "tail"
    (request,) = rec.requests
    assert (
        request.url.path
        == "/client/v4/accounts/other-account/workers/scripts/my-worker/script-settings"
    )
    assert json.loads(request.content) == {"logpush": True}


BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("empty script name", lambda c: c.scripts.upload("", [WorkerModule("a.js", MAIN)])),
    ("blank script name", lambda c: c.scripts.get("  ")),
    ("no modules", lambda c: c.scripts.upload("w", [])),
    (
        "duplicate modules",
        lambda c: c.scripts.upload("w", [WorkerModule("a.js", MAIN), WorkerModule("a.js", MAIN)]),
    ),
    (
        "unknown main module",
        lambda c: c.scripts.upload("w", [WorkerModule("a.js", MAIN)], main_module="b.js"),
    ),
    ("wasm entry point", lambda c: c.scripts.upload("w", [WorkerModule("a.wasm", b"\x00asm")])),
    (
        "bad compatibility date",
        lambda c: c.scripts.upload(
            "w", [WorkerModule("a.js", MAIN)], compatibility_date="2025-13-01"
        ),
    ),
    (
        "duplicate binding names",
        lambda c: c.scripts.upload(
            "w",
            [WorkerModule("a.js", MAIN)],
            bindings=[PlainTextBinding(name="X", text="1"), PlainTextBinding(name="X", text="2")],
        ),
    ),
    (
        "raw binding without type",
        lambda c: c.scripts.upload("w", [WorkerModule("a.js", MAIN)], bindings=[{"name": "X"}]),
    ),
    ("percentages not 100", lambda c: c.deployments.deploy("w", {"a": 50, "b": 40})),
    ("zero percentage", lambda c: c.deployments.deploy("w", {"a": 100, "b": 0})),
    ("long message", lambda c: c.deployments.deploy("w", "a", message="x" * 51)),
    ("empty version id", lambda c: c.versions.get("w", "")),
    ("empty zone id", lambda c: c.routes.get("", "route")),
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


def test_module_names_must_be_relative_and_non_empty() -> None:
    for name in ("", "/abs.js", "../up.js"):
        with pytest.raises(InvalidInputError):
            WorkerModule(name, MAIN)


def test_content_types_by_extension() -> None:
    assert content_type_for("a.MJS") == "application/javascript+module"
    assert content_type_for("a.py") == "text/x-python"
    assert content_type_for("a.cjs") == "application/javascript"
    assert content_type_for("noext") == "application/octet-stream"


def test_module_from_path(tmp_path: Any) -> None:
    file = tmp_path / "worker.py"
    file.write_text("X = 1")
    module = WorkerModule.from_path(file)
    assert (module.name, module.content, module.content_type) == (
        "worker.py",
        b"X = 1",
        "text/x-python",
    )


def test_secrets_stay_out_of_reprs() -> None:
    binding = SecretTextBinding(name="API_KEY", text="s3cr3t")
    assert "s3cr3t" not in repr(binding)
    client = WorkersClient(api_token=TOKEN, account_id=ACCOUNT)
    assert TOKEN not in repr(client)
    client.close()


def test_missing_account_id_is_rejected_before_any_request() -> None:
    rec = Recorder(lambda r: envelope([]))
    client = WorkersClient(api_token=TOKEN, transport=httpx.MockTransport(rec))
    with client, pytest.raises(InvalidInputError):
        client.subdomain.get()
    assert rec.requests == []


def test_shared_http_is_not_closed_and_http_plus_kwargs_is_refused() -> None:
    rec = Recorder(lambda r: envelope({"name": "example-subdomain"}))
    owner = WorkersClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))
    with pytest.raises(ConfigurationError):
        WorkersClient(http=owner.http, api_token=TOKEN)
    with WorkersClient(http=owner.http) as shared:
        assert shared.http is owner.http
    # closing the sharing client left the owner's HTTP client usable
    assert owner.subdomain.get().name == "example-subdomain"
    assert "cloudflarefs-workers-management/" in rec.requests[0].headers["user-agent"]
    owner.close()
    with pytest.raises((RuntimeError, CloudflareError)):  # the owner did close it
        owner.subdomain.get()


def test_entry_points_name_both_clients() -> None:
    sync = {e.name: e for e in entry_points(group="cloudflarefs.management")}
    aio = {e.name: e for e in entry_points(group="cloudflarefs.management.aio")}
    assert sync["workers"].load() is WorkersClient
    assert aio["workers"].load() is AsyncWorkersClient


def test_public_models_module_mirrors_the_generated_models() -> None:
    from cloudflarefs.workers.management import models
    from cloudflarefs.workers.management._generated import models as generated

    assert sorted(models.__all__) == sorted(generated.__all__)  # ruff orders __all__ naturally
    assert all(getattr(models, name) is getattr(generated, name) for name in generated.__all__)
