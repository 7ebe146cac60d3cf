"""Pages contract: every operation of specs/pages.json, sync and async, through PagesClient
against Prism (``_run`` awaits the async client). Example pages claim more results than they
hold, so lists bound ``max_pages``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from contract_support.environment import ContractEnvironment

from cloudflarefs.pages.management import (
    Deployments,
    DeploymentsGetLogsResult,
    DeploymentsListEnv,
    Domain,
    Projects,
)
from cloudflarefs.pages.management.models import (
    DeploymentConfigsInput,
    ProjectPatchInput,
    ProjectsGetUploadTokenResult,
    TailsCreateBody,
    TailsCreateResult,
)

PROJECT = "this-is-my-project-01"
DEPLOYMENT = "023e105f4ecef8ad9ca31a8372d0c353"
DOMAIN = "this-is-my-domain-01.com"
HASH = "0123456789abcdef0123456789abcdef"
TAIL = "03dc9f77817b488fb26c5861ec18f791"
JWT = "eyJhbGciOiJIUzI1NiJ9.e30.upload-token"

Step = tuple[str, Callable[[Any], Any], Any]


def _list(pager: Any) -> Any:
    return pager.to_list()


STEPS: list[Step] = [
    ("projects.list", lambda p: _list(p.projects.list(per_page=10, max_pages=1)), Projects),
    ("projects.create", lambda p: p.projects.create(PROJECT, production_branch="main"), Projects),
    ("projects.get", lambda p: p.projects.get(PROJECT), Projects),
    (
        "projects.edit",
        lambda p: p.projects.edit(
            PROJECT,
            body=ProjectPatchInput(
                production_branch="main", deployment_configs=DeploymentConfigsInput()
            ),
        ),
        Projects,
    ),
    ("projects.purge_build_cache", lambda p: p.projects.purge_build_cache(PROJECT), type(None)),
    ("projects.delete", lambda p: p.projects.delete(PROJECT), type(None)),
    (
        "deployments.list",
        lambda p: _list(p.deployments.list(PROJECT, env=DeploymentsListEnv.PREVIEW, max_pages=1)),
        Deployments,
    ),
    ("deployments.create", lambda p: p.deployments.create(PROJECT, branch="staging"), Deployments),
    (
        "deployments.upload",
        lambda p: p.deployments.upload(
            PROJECT,
            {"/index.html": HASH},
            branch="main",
            commit_message="contract",
            commit_dirty=True,
            files={"_headers": "/*\n  X-Frame-Options: DENY\n"},
        ),
        Deployments,
    ),
    ("deployments.get", lambda p: p.deployments.get(PROJECT, DEPLOYMENT), Deployments),
    (
        "deployments.get_logs",
        lambda p: p.deployments.get_logs(PROJECT, DEPLOYMENT),
        DeploymentsGetLogsResult,
    ),
    ("deployments.retry", lambda p: p.deployments.retry(PROJECT, DEPLOYMENT), Deployments),
    ("deployments.rollback", lambda p: p.deployments.rollback(PROJECT, DEPLOYMENT), Deployments),
    ("deployments.delete", lambda p: p.deployments.delete(PROJECT, DEPLOYMENT), type(None)),
    ("domains.list", lambda p: _list(p.domains.list(PROJECT)), Domain),
    ("domains.create", lambda p: p.domains.create(PROJECT, "example.com"), Domain),
    ("domains.get", lambda p: p.domains.get(PROJECT, DOMAIN), Domain),
    ("domains.edit", lambda p: p.domains.edit(PROJECT, DOMAIN), Domain),
    ("domains.delete", lambda p: p.domains.delete(PROJECT, DOMAIN), type(None)),
    # newer than the 2024 spec (overlay additions)
    (
        "projects.get_upload_token",
        lambda p: p.projects.get_upload_token(PROJECT),
        ProjectsGetUploadTokenResult,
    ),
    (
        "tails.create",
        lambda p: p.tails.create(PROJECT, DEPLOYMENT, body=TailsCreateBody(filters=[])),
        TailsCreateResult,
    ),
    ("tails.delete", lambda p: p.tails.delete(PROJECT, DEPLOYMENT, TAIL), type(None)),
    ("assets.check_missing", lambda p: p.assets.check_missing(JWT, [HASH]), list),
    (
        "assets.upload",
        lambda p: p.assets.upload(JWT, {HASH: b"<h1>hi</h1>"}, content_types={HASH: "text/html"}),
        type(None),
    ),
    ("assets.upsert_hashes", lambda p: p.assets.upsert_hashes(JWT, [HASH]), type(None)),
]


def _check(name: str, value: Any, expected: Any) -> None:
    if isinstance(value, list) and expected not in (list, object):
        assert value, f"{name}: the example list is empty"
        assert all(isinstance(v, expected) for v in value), f"{name}: {value!r}"  # pyright: ignore[reportUnknownVariableType]
    else:
        assert isinstance(value, expected), f"{name}: {value!r}"


@pytest.mark.parametrize("step", STEPS, ids=[s[0] for s in STEPS])
def test_pages_sync(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    with contract.client("pages", "sync") as pages:
        _check(name, call(pages), expected)


@pytest.mark.parametrize("step", STEPS, ids=[s[0] for s in STEPS])
async def test_pages_async(contract: ContractEnvironment, step: Step) -> None:
    name, call, expected = step
    async with contract.client("pages", "async") as pages:
        result = call(pages)
        value = await result if inspect.isawaitable(result) else result
        _check(name, value, expected)
