"""Samples whose resources ``cloudflarefs deploy`` does not create.

hyperdrive-postgres: a Hyperdrive config needs the database's credentials, which a wrangler
config does not hold, so it is made first (here with the management client, against a real
PostgreSQL) and the config names its id. semantic-search: its Vectorize index needs dimensions
and a metric, and the local API has no Vectorize, so the plan stops with the field named and
nothing is created.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

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


def test_semantic_search_stops_at_the_missing_vectorize_index_before_any_change(
    cli: Cli, project: Callable[[str], Path]
) -> None:
    path = project("semantic-search")
    with D1Client() as d1:
        before = {d.name for d in d1.databases.list().to_list()}
    status, out = cli("deploy", str(path))
    assert status == 1
    assert "wrangler.toml: vectorize[0].index_name: no Vectorize index 'semantic-search'" in out
    with D1Client() as d1:
        assert {d.name for d in d1.databases.list().to_list()} == before  # nothing half-deployed
