"""``cloudflarefs deploy`` puts each sample on the local API; the served Worker then answers.

Samples the local API cannot serve: semantic-search (Workers AI and Vectorize have no local
simulator, so its Vectorize index cannot exist there), hyperdrive-postgres (needs a Hyperdrive
config, i.e. a Postgres; covered by tests/samples/provision-and-deploy... see docs/deploy.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from cloudflarefs.d1.management import D1Client
from cloudflarefs.kv.management import KVClient
from cloudflarefs.queues.management import QueuesClient
from cloudflarefs.r2.management import R2Client
from cloudflarefs.testing.local_api import LocalApi

from .conftest import Cli


def test_kv_d1_worker_deploys_creates_resources_and_is_idempotent(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("kv-d1-worker")
    status, out = cli("deploy", str(path), "--dry-run")
    assert status == 0, out
    assert "would create KV namespace" in out
    assert "would create D1 database 'notes'" in out or "D1" not in out
    before = [s for s in out.splitlines()]
    assert before

    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert "created KV namespace" in out
    assert "uploaded worker" in out
    assert httpx.get(local_api.worker_url.rstrip("/") + "/", timeout=60).json()["greeting"] == (
        "hello from kv-d1-worker"
    )
    created = httpx.post(
        local_api.worker_url.rstrip("/") + "/notes", content=b"deployed", timeout=60
    )
    assert created.status_code == 201

    status, again = cli("deploy", str(path))
    assert status == 0, again
    assert "up to date" in again
    assert "created" not in again and "uploaded" not in again

    (path / "src" / "entry.py").write_text(
        (path / "src" / "entry.py").read_text().replace("hello", "hello", 1) + "\n# edited\n"
    )
    status, changed = cli("deploy", str(path))
    assert "uploaded worker" in changed and "created" not in changed


def test_url_shortener_deploys_with_its_rate_limit(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("url-shortener")
    status, out = cli("deploy", str(path))
    assert status == 0, out
    name = (path / "wrangler.toml").read_text().split('name = "', 1)[1].split('"', 1)[0]
    with KVClient() as kv:
        titles = [n.title for n in kv.namespaces.list().to_list()]
    assert f"{name}-LINKS" in titles
    made = httpx.post(
        local_api.worker_url.rstrip("/") + "/links",
        json={"url": "https://example.com/"},
        timeout=60,
    )
    assert made.status_code in (200, 201), made.text


def test_file_server_deploys_and_uses_a_secret_set_by_the_cli(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("file-server")
    status, out = cli("deploy", str(path))
    assert status == 0, out
    with R2Client() as r2:
        assert "files" in [b.name for b in r2.buckets.list().to_list()]
    for key, value in (("ADMIN_TOKEN", "admin-t0ken"), ("SIGNING_KEY", "k" * 32)):
        status, out = cli("secret", "put", key, "--path", str(path), stdin=value + "\n")
        assert status == 0, out
        assert value not in out
    status, listed = cli("secret", "list", "--path", str(path))
    assert listed.split() == ["ADMIN_TOKEN", "SIGNING_KEY"]

    auth = {"authorization": "Bearer admin-t0ken"}
    put = httpx.put(
        local_api.worker_url.rstrip("/") + "/files/a.txt", content=b"hi", headers=auth, timeout=60
    )
    assert put.status_code == 201, put.text
    got = httpx.get(local_api.worker_url.rstrip("/") + "/files/a.txt", headers=auth, timeout=60)
    assert got.content == b"hi"

    status, out = cli("secret", "delete", "SIGNING_KEY", "--path", str(path))
    assert status == 0, out
    assert cli("secret", "list", "--path", str(path))[1].split() == ["ADMIN_TOKEN"]


def test_d1_migrations_create_and_apply_in_wranglers_layout(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("kv-d1-worker")
    assert cli("deploy", str(path))[0] == 0
    status, out = cli("d1", "migrations", "create", "DB", "add tags", "--path", str(path))
    assert status == 0, out
    created = path / "migrations" / "0001_add_tags.sql"
    assert created.is_file()
    created.write_text("CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY);\n")
    status, out = cli("d1", "migrations", "apply", "DB", "--path", str(path))
    assert status == 0, out
    assert "applied 0001_add_tags.sql" in out
    status, out = cli("d1", "migrations", "apply", "DB", "--path", str(path))
    assert "no migrations to apply" in out
    # --local: the local API of `cloudflarefs dev` (its fixed account), no credentials needed.
    second = path / "migrations" / "0002_tag_colour.sql"
    assert cli("d1", "migrations", "create", "notes", "tag colour", "--path", str(path))[0] == 0
    second.write_text("ALTER TABLE tags ADD COLUMN colour TEXT;\n")
    status, out = cli(
        "d1", "migrations", "apply", "DB", "--path", str(path), "--local",
        "--local-api", local_api.base_url,
    )  # fmt: skip
    assert status == 0, out
    assert "applied 0002_tag_colour.sql" in out
    with D1Client() as d1:
        db = next(d for d in d1.databases.list().to_list() if d.name == "notes")
        [res] = d1.databases.query(str(db.uuid), "SELECT name FROM d1_migrations ORDER BY id")
        assert [r["name"] for r in res.results or []] == [
            "0001_add_tags.sql",
            "0002_tag_colour.sql",
        ]


QUEUE_ENTRY = """
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.JOBS.send("job-1")
        return Response("queued")

    async def queue(self, batch, env=None, ctx=None):
        for message in batch.messages:
            message.ack()
"""


def test_queues_are_created_and_the_consumer_attached_once(
    cli: Cli, tmp_path: Path, local_api: LocalApi
) -> None:
    suffix = uuid.uuid4().hex[:6]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "entry.py").write_text(QUEUE_ENTRY)
    (tmp_path / "wrangler.toml").write_text(
        f'name = "jobs-{suffix}"\nmain = "src/entry.py"\ncompatibility_date = "2025-06-01"\n'
        f'[[queues.producers]]\nbinding = "JOBS"\nqueue = "jobs-{suffix}"\n'
        f'[[queues.consumers]]\nqueue = "jobs-{suffix}"\n'
    )
    status, out = cli("deploy", str(tmp_path))
    assert status == 0, out
    assert f"created queue 'jobs-{suffix}'" in out
    assert f"attached worker 'jobs-{suffix}' as consumer of queue 'jobs-{suffix}'" in out
    assert httpx.get(local_api.worker_url, timeout=60).text == "queued"
    with QueuesClient() as queues:
        [queue] = [q for q in queues.queues.list().to_list() if q.queue_name == f"jobs-{suffix}"]
        consumers = queues.consumers.list(str(queue.queue_id)).to_list()
    assert [c.script_name or c.service for c in consumers] == [f"jobs-{suffix}"]
    status, again = cli("deploy", str(tmp_path))
    assert "up to date" in again and "attached" not in again and "created" not in again
