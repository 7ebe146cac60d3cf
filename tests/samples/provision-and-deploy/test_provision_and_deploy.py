"""provision-and-deploy: the script creates the resources and deploys the Worker to the local API.

The local API (``cloudflarefs dev``'s stand-in for Cloudflare's REST API) shares state with the
Worker it serves, so after ``provision.py`` the Worker answers over HTTP with what the script
wrote. A second run finds everything and changes no data; ``cloudflarefs deploy`` on the same
project then finds the same resources (the naming conventions match).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from cloudflarefs.cli.main import main as cloudflarefs
from cloudflarefs.testing.local_api import LocalApi

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "provision-and-deploy"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("provision", SAMPLE / "provision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def local_api() -> Iterator[LocalApi]:
    with LocalApi() as api:
        yield api


@pytest.fixture
def environment(local_api: LocalApi, monkeypatch: pytest.MonkeyPatch) -> LocalApi:
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "local-token")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", local_api.account_id)
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", local_api.base_url)
    return local_api


def test_provision_then_serve_then_rerun(
    environment: LocalApi, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _load_script()
    assert script.main(["--motd", "first"]) == 0
    out = capsys.readouterr().out
    assert "created KV namespace 'provision-and-deploy-SETTINGS'" in out
    assert "created D1 database 'provision-and-deploy-items'" in out
    assert "applied migration 0001_create_items.sql" in out
    assert "deployed worker 'provision-and-deploy'" in out

    url = environment.worker_url.rstrip("/")
    assert httpx.post(url + "/items", content=b"apple", timeout=60).status_code == 201
    assert httpx.get(url + "/", timeout=60).json() == {
        "greeting": "hello from provision-and-deploy",
        "motd": "first",
        "items": 1,
    }

    assert script.main(["--motd", "second"]) == 0
    again = capsys.readouterr().out
    assert "found KV namespace" in again and "found D1 database" in again
    assert "applied migration" not in again
    body = httpx.get(url + "/", timeout=60).json()
    assert (body["motd"], body["items"]) == ("second", 1)  # the data survived the re-deploy

    # The CLI sees the same resources: nothing to create, only the upload (its own hash tag).
    assert cloudflarefs(["deploy", str(SAMPLE)]) == 0
    deployed = capsys.readouterr().out
    assert "create" not in deployed.replace("created", "")
    assert "created" not in deployed
    assert httpx.get(url + "/items", timeout=60).json() == [{"id": 1, "name": "apple"}]


def test_api_errors_are_one_line_without_the_token(
    environment: LocalApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", "f" * 32)  # an account the local API lacks
    assert _load_script().main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "local-token" not in err
