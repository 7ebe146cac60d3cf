"""notes-api, jwt-auth and stream-transform deployed by ``cloudflarefs deploy`` to the local API.

Each test deploys a copy of the sample with the real command, does what a user does next
(migrations, secrets), then talks to the served Worker over HTTP.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from cloudflarefs.d1.management import D1Client
from cloudflarefs.kv.management import KVClient
from cloudflarefs.testing.local_api import LocalApi

from .conftest import Cli


def _worker_name(path: Path) -> str:
    return (path / "wrangler.toml").read_text().split('name = "', 1)[1].split('"', 1)[0]


def test_notes_api_deploys_then_its_migrations_apply_and_it_answers(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("notes-api")
    config = path / "wrangler.toml"
    database = f"notes-api-{uuid.uuid4().hex[:6]}"  # not the kv-d1-worker's "notes"
    config.write_text(
        config.read_text().replace('database_name = "notes"', f'database_name = "{database}"')
    )
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert f"created D1 database {database!r}" in out
    with D1Client() as d1:
        assert database in [d.name for d in d1.databases.list().to_list()]

    status, out = cli("d1", "migrations", "apply", "DB", "--path", str(path))
    assert status == 0, out
    assert (
        "applied 0001_create_notes.sql" in out
        and "applied 0002_pinned_and_unique_titles.sql" in out
    )

    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        made = worker.post(
            "/notes", json={"title": "Deployed", "body": "via cloudflarefs", "pinned": True}
        )
        assert made.status_code == 201, made.text
        note = made.json()
        assert note["title"] == "Deployed" and note["pinned"] is True
        assert worker.post("/notes", json={"title": "Deployed"}).status_code == 409  # unique titles
        listed = worker.get("/notes").json()
        assert [n["title"] for n in listed["notes"]] == ["Deployed"]
        assert worker.get(f"/notes/{note['id']}").json()["body"] == "via cloudflarefs"

    status, again = cli("deploy", str(path))
    assert status == 0 and "up to date" in again, again


def _key_file(file: Path) -> dict[str, str]:
    lines = file.read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_jwt_auth_deploys_with_secrets_set_by_the_cli(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("jwt-auth")
    (path / ".dev.vars").rename(path / "keys.txt")  # deployed, secrets come from `secret put`
    status, out = cli("deploy", str(path))
    assert status == 0, out
    name = _worker_name(path)
    with KVClient() as kv:
        assert f"{name}-AUTH" in [n.title for n in kv.namespaces.list().to_list()]
    keys = _key_file(path / "keys.txt")
    for key in ("JWT_HS256_SECRET", "JWT_ES256_KEY"):
        status, out = cli("secret", "put", key, "--path", str(path), stdin=keys[key] + "\n")
        assert status == 0, out
        assert keys[key] not in out

    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        user = {"user": "ada", "password": "correct horse"}
        assert worker.post("/signup", json=user).status_code == 201
        for alg in ("ES256", "HS256"):
            login = worker.post("/login", json={**user, "alg": alg})
            assert login.status_code == 200, login.text
            bearer = {"authorization": f"Bearer {login.json()['token']}"}
            me = worker.get("/me", headers=bearer)
            assert me.status_code == 200, me.text
            assert me.json()["user"] == "ada"
        assert worker.get("/me").status_code == 401
        jwk = worker.get("/.well-known/jwks.json").json()["keys"][0]
        assert jwk["kty"] == "EC" and "d" not in jwk  # the public half only


def test_stream_transform_deploys_without_bindings_and_streams(
    cli: Cli, project: Callable[[str], Path], local_api: LocalApi
) -> None:
    path = project("stream-transform")
    status, out = cli("deploy", str(path), "--dry-run")
    assert status == 0, out
    assert "0 bindings" in out and "would upload" in out and "create" not in out
    status, out = cli("deploy", str(path))
    assert status == 0, out
    csv = "name,city\nAda,London\nGrace,New York\n"
    answer = httpx.post(local_api.worker_url.rstrip("/") + "/ndjson", content=csv, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in answer.text.splitlines()] == [
        {"name": "Ada", "city": "London"},
        {"name": "Grace", "city": "New York"},
    ]
