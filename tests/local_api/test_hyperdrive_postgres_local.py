"""Hyperdrive through the local API against a real PostgreSQL: config -> upload -> Worker -> rows.

The cluster fixture is the Hyperdrive runtime package's own (loaded from its conftest, as the
hyperdrive-postgres sample's tests do). The Worker is that sample, uploaded with the management
client and bound to a config created with the management client.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import httpx

from cloudflarefs.hyperdrive.management import HyperdriveClient, Origin
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.workers.management import HyperdriveBinding, WorkerModule, WorkersClient

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ENTRY = ROOT / "docs" / "samples" / "hyperdrive-postgres" / "src" / "entry.py"
_spec = importlib.util.spec_from_file_location(
    "_hyperdrive_cluster",
    ROOT / "packages" / "cloudflarefs-hyperdrive-runtime" / "tests" / "conftest.py",
)
assert _spec is not None and _spec.loader is not None
_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cluster)
postgres = _cluster.postgres  # the session's throwaway cluster: {"port", "passwords"}


def test_a_config_made_through_the_api_serves_the_worker(
    local_api: LocalApi, client_kwargs: dict[str, Any], postgres: dict[str, Any], unique: str
) -> None:
    password = postgres["passwords"]["app"]
    origin = Origin.from_url(f"postgresql://app:{password}@127.0.0.1:{postgres['port']}/postgres")
    with HyperdriveClient(**client_kwargs) as hd, WorkersClient(**client_kwargs) as workers:
        config = hd.configs.create(f"books-{unique}", origin=origin)
        assert config.id is not None
        assert password not in str(hd.configs.get(config.id))
        workers.scripts.upload(
            f"books-{unique}",
            [WorkerModule.from_path(SAMPLE_ENTRY)],
            compatibility_date="2025-06-01",
            compatibility_flags=["python_workers"],
            bindings=[HyperdriveBinding(name="HYPERDRIVE", id=config.id)],
        )
    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        title = f"Local API {unique}"
        created = worker.post("/books", json={"title": title, "author": "Ada", "year": 1843})
        assert created.status_code == 201, created.text
        listed = worker.get("/books").json()
        assert title in [b["title"] for b in listed["books"]], listed
