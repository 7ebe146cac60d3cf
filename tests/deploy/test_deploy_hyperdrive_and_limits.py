"""Hyperdrive configs and Vectorize indexes: what a wrangler config does not say.

hyperdrive-postgres: a Hyperdrive config needs the database's credentials, which a wrangler
config does not hold. Either it is made first (here with the management client, against a real
PostgreSQL) and the config names its id, or ``[tool.cloudflarefs.hyperdrive.<BINDING>]
origin_env`` in ``pyproject.toml`` names the environment variable holding the connection string
and deploy creates it. A Vectorize index needs dimensions and a metric: without
``[tool.cloudflarefs.vectorize.<index>]`` the plan stops with the field named and nothing is
created (the sample deploying with it is in test_deploy_doubles.py).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudflarefs.d1.management import D1Client
from cloudflarefs.hyperdrive.management import HyperdriveClient, Origin
from cloudflarefs.testing.local_api import LocalApi

from .conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "_hyperdrive_cluster_deploy",
    ROOT / "packages" / "cloudflarefs-hyperdrive-runtime" / "tests" / "conftest.py",
)
assert _spec is not None and _spec.loader is not None
_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cluster)
postgres = _cluster.postgres  # the session's throwaway cluster: {"port", "passwords"}


def test_hyperdrive_postgres_deploys_against_an_existing_config(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi, postgres: dict[str, Any]
) -> None:
    path = project("hyperdrive-postgres")
    config = path / "wrangler.toml"
    status, out = cli("deploy", str(path), "--dry-run")
    assert status == 1
    assert "hyperdrive[0].id: no Hyperdrive config 00000000000000000000000000000003" in out

    password = postgres["passwords"]["app"]
    origin = Origin.from_url(f"postgresql://app:{password}@127.0.0.1:{postgres['port']}/postgres")
    with HyperdriveClient() as hd:
        made = hd.configs.create(f"deploy-{path.name}", origin=origin)
    config.write_text(config.read_text().replace("00000000000000000000000000000003", str(made.id)))
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert password not in out
    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        created = worker.post("/books", json={"title": "Deployed", "author": "Ada", "year": 1843})
        assert created.status_code == 201, created.text
        assert "Deployed" in [b["title"] for b in worker.get("/books").json()["books"]]


def test_hyperdrive_config_is_created_from_origin_env_once(
    cli: Cli,
    project: Callable[[str], Path],
    local_api: LocalApi,
    postgres: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = project("hyperdrive-postgres")
    name = (path / "wrangler.toml").read_text().split('name = "', 1)[1].split('"', 1)[0]
    (path / "pyproject.toml").write_text(
        '[tool.cloudflarefs.hyperdrive.HYPERDRIVE]\norigin_env = "BOOKS_DB_URL"\n'
    )
    status, out = cli("deploy", str(path))
    assert status == 1  # the variable is not set: nothing is created
    assert (
        "pyproject.toml: tool.cloudflarefs.hyperdrive.HYPERDRIVE.origin_env: environment variable BOOKS_DB_URL is not set"
        in out
    )
    with HyperdriveClient() as hd:
        assert f"{name}-HYPERDRIVE" not in [c.name for c in hd.configs.list()]

    password = postgres["passwords"]["app"]
    url = f"postgresql://app:{password}@127.0.0.1:{postgres['port']}/postgres"
    monkeypatch.setenv("BOOKS_DB_URL", url)
    status, plan = cli("deploy", str(path), "--dry-run")
    assert status == 0, plan
    assert (
        f"would create Hyperdrive config '{name}-HYPERDRIVE' for hyperdrive[0] (HYPERDRIVE): origin from $BOOKS_DB_URL"
        in plan
    )
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert f"created Hyperdrive config '{name}-HYPERDRIVE': set hyperdrive[0].id = " in out
    assert password not in plan + out
    with HyperdriveClient() as hd:
        [made] = [c for c in hd.configs.list() if c.name == f"{name}-HYPERDRIVE"]
    assert made.origin is not None and made.origin.host == "127.0.0.1"  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        created = worker.post("/books", json={"title": "Created", "author": "Ada", "year": 1843})
        assert created.status_code == 201, created.text

    status, again = cli("deploy", str(path))  # found by name: nothing created, nothing uploaded
    assert status == 0, again
    assert "up to date" in again and "created" not in again


def test_semantic_search_stops_at_a_missing_index_without_settings_before_any_change(
    cli: Cli, project: Callable[[str], Path]
) -> None:
    path = project("semantic-search")
    (path / "pyproject.toml").unlink()  # no [tool.cloudflarefs.vectorize.semantic-search]
    with D1Client() as d1:
        before = {d.name for d in d1.databases.list().to_list()}
    status, out = cli("deploy", str(path))
    assert status == 1
    assert "wrangler.toml: vectorize[0].index_name: no Vectorize index 'semantic-search'" in out
    assert "[tool.cloudflarefs.vectorize.semantic-search]" in out
    with D1Client() as d1:
        assert {d.name for d in d1.databases.list().to_list()} == before  # nothing half-deployed
