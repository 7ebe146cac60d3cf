"""Behaviour of PagesClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import (
    APIStatusError,
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
)
from cloudflarefs.pages.management import DeploymentsListEnv, PagesClient
from cloudflarefs.pages.management.aio import PagesClient as AsyncPagesClient
from cloudflarefs.pages.management.models import DomainsPostInput, ProjectsInput
from cloudflarefs.testing.http import FAILURE_BODY, Driver, Recorder, envelope, multipart_parts

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up; must never leak
PROJECTS = f"/client/v4/accounts/{ACCOUNT}/pages/projects"
# Abridged from the spec's pages_deployments example.
DEPLOYMENT = {
    "id": "f64788e9-fccd-4d4a-a28a-cb84f88f6",
    "short_id": "f64788e9",
    "project_name": "this-is-my-project-01",
    "environment": "preview",
    "url": "https://f64788e9.ninjakittens.pages.dev",
    "created_on": "2021-03-09T00:55:03.923456Z",
    "deployment_trigger": {
        "type": "ad_hoc",
        "metadata": {"branch": "main", "commit_hash": "ad9ccd9", "commit_message": "Update"},
    },
    "stages": [{"name": "queued", "status": "active", "started_on": None, "ended_on": None}],
}
PROJECT = {
    "id": "7b162ea7-7367-4d67-bcde-1160995d5",
    "name": "this-is-my-project-01",
    "subdomain": "helloworld.pages.dev",
    "production_branch": "main",
    "created_on": "2017-01-01T00:00:00Z",
}
DOMAIN = {
    "id": "a-domain-id",
    "name": "example.com",
    "status": "pending",
    "validation_data": {"status": "pending", "method": "http"},
    "created_on": "2022-01-01T00:00:00Z",
}
HASH = "0123456789abcdef0123456789abcdef"


def driver(flavour: str, rec: Recorder) -> Driver:
    """The sync or the async client over ``rec``, behind one calling convention."""
    cls: Any = PagesClient if flavour == "sync" else AsyncPagesClient
    return Driver(cls(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)))


async def test_project_create_by_name(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope(PROJECT))
    drive = driver(sync_or_async, rec)
    project = await drive(
        lambda c: c.projects.create("this-is-my-project-01", production_branch="main")
    )
    assert (project.name, project.subdomain) == ("this-is-my-project-01", "helloworld.pages.dev")
    await drive(lambda c: c.projects.create(body=ProjectsInput(name="other")))
    first, second = rec.requests
    assert (first.method, first.url.path) == ("POST", PROJECTS)
    assert json.loads(first.content) == {
        "name": "this-is-my-project-01",
        "production_branch": "main",
    }
    assert json.loads(second.content) == {"name": "other"}


async def test_projects_list_walks_pages(sync_or_async: str) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        names = {1: ["a", "b"], 2: ["c"]}[page]
        info = {
            "page": page,
            "per_page": 2,
            "count": len(names),
            "total_count": 3,
            "total_pages": 2,
        }
        return envelope([{**PROJECT, "name": n} for n in names], result_info=info)

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    projects = await drive.collect(drive.client.projects.list(per_page=2))
    assert [p.name for p in projects] == ["a", "b", "c"]
    assert [(r.url.params["page"], r.url.params["per_page"]) for r in rec.requests] == [
        ("1", "2"),
        ("2", "2"),
    ]


async def test_deployments_list_by_environment(sync_or_async: str) -> None:
    info = {"page": 1, "per_page": 25, "count": 1, "total_count": 1, "total_pages": 1}
    rec = Recorder(lambda r: envelope([DEPLOYMENT], result_info=info))
    drive = driver(sync_or_async, rec)
    found = await drive.collect(
        drive.client.deployments.list("my-site", env=DeploymentsListEnv.PRODUCTION)
    )
    assert found[0].deployment_trigger.metadata.branch == "main"
    assert found[0].stages[0].name == "queued"
    (request,) = rec.requests
    assert request.url.path == f"{PROJECTS}/my-site/deployments"
    assert request.url.params["env"] == "production"


async def test_direct_upload_deployment_is_multipart(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope(DEPLOYMENT))
    drive = driver(sync_or_async, rec)
    worker = "export default { fetch() {} }"
    deployment = await drive(
        lambda c: c.deployments.upload(
            "my-site",
            {"/index.html": HASH, "/about/index.html": HASH.upper().lower()},
            branch="main",
            commit_message="Update",
            commit_dirty=False,
            files={"_headers": "/*\n  X-Frame-Options: DENY\n", "_worker.js": worker},
        )
    )
    assert deployment.short_id == "f64788e9"
    (request,) = rec.requests
    assert (request.method, request.url.path) == ("POST", f"{PROJECTS}/my-site/deployments")
    parts = multipart_parts(request)
    assert list(parts) == [
        "branch",
        "manifest",
        "commit_message",
        "commit_dirty",
        "_headers",
        "_worker.js",
    ]
    assert parts["branch"][2] == b"main"
    assert json.loads(parts["manifest"][2]) == {"/index.html": HASH, "/about/index.html": HASH}
    assert parts["commit_dirty"][2] == b"false"
    assert parts["_headers"][1:] == ("_headers", b"/*\n  X-Frame-Options: DENY\n")
    assert parts["_worker.js"] == ("application/javascript+module", "_worker.js", worker.encode())


async def test_git_build_retry_rollback_and_logs(sync_or_async: str) -> None:
    logs = {"data": [{"line": "Cloning repository...", "ts": "2021-04-20T19:35:29Z"}], "total": 1}

    def respond(request: httpx.Request) -> httpx.Response:
        return envelope(logs if request.url.path.endswith("/logs") else DEPLOYMENT)

    rec = Recorder(respond)
    drive = driver(sync_or_async, rec)
    await drive(lambda c: c.deployments.create("my-site", branch="staging"))
    await drive(lambda c: c.deployments.retry("my-site", "dep-1"))
    rolled = await drive(lambda c: c.deployments.rollback("my-site", "dep-1"))
    history = await drive(lambda c: c.deployments.get_logs("my-site", "dep-1"))
    assert rolled.id == DEPLOYMENT["id"]
    assert history.data is not None and history.data[0].line == "Cloning repository..."
    create, retry, rollback, _ = rec.requests
    assert multipart_parts(create)["branch"][2] == b"staging"
    assert (retry.method, retry.url.path) == ("POST", f"{PROJECTS}/my-site/deployments/dep-1/retry")
    assert rollback.url.path.endswith("/deployments/dep-1/rollback")


async def test_domains(sync_or_async: str) -> None:
    rec = Recorder(lambda r: envelope([DOMAIN] if r.method == "GET" else DOMAIN))
    drive = driver(sync_or_async, rec)
    added = await drive(lambda c: c.domains.create("my-site", "example.com"))
    assert added.validation_data is not None and added.validation_data.method == "http"
    listed = await drive.collect(drive.client.domains.list("my-site"))
    assert [d.name for d in listed] == ["example.com"]
    assert json.loads(rec.requests[0].content) == {"name": "example.com"}


async def test_not_found_and_success_false(sync_or_async: str) -> None:
    missing = {**FAILURE_BODY, "errors": [{"code": 8000007, "message": "Project not found."}]}
    answers = iter([httpx.Response(404, json=missing), httpx.Response(200, json=FAILURE_BODY)])
    rec = Recorder(lambda r: next(answers))
    drive = driver(sync_or_async, rec)
    with pytest.raises(NotFoundError) as info:
        await drive(lambda c: c.projects.get("nope"))
    assert info.value.errors[0].code == 8000007
    with pytest.raises(APIStatusError) as failed:
        await drive(lambda c: c.projects.purge_build_cache("my-site"))
    assert failed.value.errors[0].code == 7003
    assert TOKEN not in repr(failed.value)


BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("empty project name", lambda c: c.projects.create("")),
    ("no name", lambda c: c.projects.create()),
    ("name and body", lambda c: c.projects.create("a", body=ProjectsInput(name="b"))),
    ("empty get", lambda c: c.projects.get(" ")),
    ("empty deployment id", lambda c: c.deployments.retry("my-site", "")),
    ("relative manifest path", lambda c: c.deployments.upload("s", {"index.html": HASH})),
    ("bad hash", lambda c: c.deployments.upload("s", {"/index.html": "xyz"})),
    ("unknown file", lambda c: c.deployments.upload("s", {}, files={"notes.txt": b""})),
    ("empty domain", lambda c: c.domains.create("my-site", "")),
    ("domain and body", lambda c: c.domains.create("s", "a", body=DomainsPostInput(name="b"))),
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
    rec = Recorder(lambda r: envelope(PROJECT))
    owner = PagesClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))
    with pytest.raises(ConfigurationError):
        PagesClient(http=owner.http, base_url="https://example.com")
    with PagesClient(http=owner.http) as shared:
        assert shared.http is owner.http
    assert owner.projects.get("x").name == "this-is-my-project-01"
    assert "cloudflarefs-pages-management/" in rec.requests[0].headers["user-agent"]
    assert TOKEN not in repr(owner)
    owner.close()


def test_entry_points_name_both_clients() -> None:
    sync = {e.name: e for e in entry_points(group="cloudflarefs.management")}
    aio = {e.name: e for e in entry_points(group="cloudflarefs.management.aio")}
    assert sync["pages"].load() is PagesClient
    assert aio["pages"].load() is AsyncPagesClient


def test_public_models_module_mirrors_the_generated_models() -> None:
    from cloudflarefs.pages.management import models
    from cloudflarefs.pages.management._generated import models as generated

    assert sorted(models.__all__) == sorted(generated.__all__)  # ruff orders __all__ naturally
    assert all(getattr(models, name) is getattr(generated, name) for name in generated.__all__)
