"""Create what the Worker in ``src/`` needs and deploy it, with the management clients only.

Steps, each safe to repeat (a second run finds what the first made):

1. the KV namespace ``<worker>-SETTINGS`` (found by title, else created), seeded with ``motd``;
2. the D1 database ``<worker>-items`` (found by name, else created), with the migrations in
   ``migrations/`` applied and recorded in ``d1_migrations`` as wrangler and
   ``cloudflarefs d1 migrations apply`` do (so any of the three can take over);
3. the Worker itself: every ``.py`` module under ``src/``, uploaded with its bindings (the two
   resources above and ``GREETING``), compatibility date and the ``python_workers`` flag.

Credentials come from the environment like every management client: ``CLOUDFLARE_API_TOKEN``,
``CLOUDFLARE_ACCOUNT_ID`` (and ``CLOUDFLARE_BASE_URL``, e.g. the local API of
``cloudflarefs dev``). Usage::

    python provision.py [--name provision-and-deploy] [--motd "text"]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cloudflarefs.core import CloudflareError
from cloudflarefs.core.http import HttpClient
from cloudflarefs.d1.management import D1Client
from cloudflarefs.kv.management import KVClient
from cloudflarefs.workers.management import (
    D1Binding,
    KVNamespaceBinding,
    PlainTextBinding,
    WorkerModule,
    WorkersClient,
)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "src"
MIGRATIONS = HERE / "migrations"
MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)"
)
COMPATIBILITY_DATE = "2025-06-01"


def settings_namespace(kv: KVClient, title: str, motd: str) -> str:
    """The namespace titled ``title`` (created if missing), with ``motd`` written; its id."""
    found = next((n for n in kv.namespaces.list().to_list() if n.title == title), None)
    namespace = found or kv.namespaces.create(title)
    kv.values.put(namespace.id, "motd", motd)
    print(f"{'found' if found else 'created'} KV namespace {title!r} ({namespace.id})")
    return namespace.id


def items_database(d1: D1Client, name: str) -> str:
    """The database named ``name`` (created if missing), migrated; its id."""
    found = next((d for d in d1.databases.list().to_list() if d.name == name), None)
    database_id = str(found.uuid) if found else str(d1.databases.create(name).uuid)
    print(f"{'found' if found else 'created'} D1 database {name!r} ({database_id})")
    d1.databases.query(database_id, MIGRATIONS_TABLE)
    [applied] = d1.databases.query(database_id, "SELECT name FROM d1_migrations")
    done = {row["name"] for row in applied.results or []}
    for migration in sorted(MIGRATIONS.glob("*.sql")):
        if migration.name not in done:
            d1.databases.query(database_id, migration.read_text())
            d1.databases.query(
                database_id, "INSERT INTO d1_migrations (name) VALUES (?)", [migration.name]
            )
            print(f"applied migration {migration.name}")
    return database_id


def modules() -> list[WorkerModule]:
    """``entry.py`` first (the main module), then the other modules of ``src/``."""
    main = SOURCE / "entry.py"
    rest = sorted(p for p in SOURCE.rglob("*.py") if p != main and "__pycache__" not in p.parts)
    return [WorkerModule.from_path(p, name=p.relative_to(SOURCE).as_posix()) for p in [main, *rest]]


def provision_and_deploy(http: HttpClient, name: str, motd: str) -> None:
    """Create the resources and upload the Worker through ``http``."""
    kv, d1, workers = KVClient(http=http), D1Client(http=http), WorkersClient(http=http)
    namespace_id = settings_namespace(kv, f"{name}-SETTINGS", motd)
    database_id = items_database(d1, f"{name}-items")
    uploaded = workers.scripts.upload(
        name,
        modules(),
        compatibility_date=COMPATIBILITY_DATE,
        compatibility_flags=["python_workers"],
        bindings=[
            KVNamespaceBinding(name="SETTINGS", namespace_id=namespace_id),
            D1Binding(name="DB", id=database_id),
            PlainTextBinding(name="GREETING", text=f"hello from {name}"),
        ],
    )
    print(f"deployed worker {name!r} (etag {uploaded.etag})")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run; API errors are printed in one line (never the token)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="provision-and-deploy", help="the Worker's name")
    parser.add_argument("--motd", default="provisioned by provision.py", help="KV setting")
    args = parser.parse_args(argv)
    try:
        with HttpClient() as http:
            provision_and_deploy(http, args.name, args.motd)
    except CloudflareError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
