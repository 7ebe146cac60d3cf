"""``cloudflarefs d1 migrations create|apply DATABASE [--local]``, in wrangler's layout.

Migrations are ``migrations/NNNN_name.sql`` next to the wrangler config (or the
``migrations_dir`` of the ``d1_databases`` entry); applied ones are recorded in the database's
``d1_migrations`` table (``id``, ``name``, ``applied_at``), as wrangler does, so either tool can
take over. ``--local`` applies them through the local API that ``cloudflarefs dev`` serves
(``--local-api``, default ``http://127.0.0.1:8788/client/v4``: the dev port plus one); without
it, to the account from the usual settings.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cloudflarefs.cli.account import Account, add_account_arguments
from cloudflarefs.cli.errors import CliError, ConfigError
from cloudflarefs.cli.project import load_project
from cloudflarefs.cli.wrangler import find_config, read_raw

MIGRATIONS_TABLE = "d1_migrations"
LOCAL_API = "http://127.0.0.1:8788/client/v4"
LOCAL_ACCOUNT_ID = "10ca1000000000000000000000000001"
"""The one account ``cloudflarefs dev``'s local API serves."""
_FILE = re.compile(r"^(\d{4})_[A-Za-z0-9_-]+\.sql$")


def migrations_dir(project_path: str, database: str) -> tuple[Path, str]:
    """The migrations folder and database name for binding or name ``database``."""
    config = find_config(project_path).resolve()
    raw = read_raw(config)
    for entry in raw.get("d1_databases", []):
        if database in (entry.get("binding"), entry.get("database_name")):
            folder = config.parent / str(entry.get("migrations_dir", "migrations"))
            return folder, str(entry.get("database_name"))
    raise ConfigError(config, "d1_databases", f"no database with binding or name {database!r}")


def pending_files(folder: Path) -> list[Path]:
    """The migration files, in order."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix == ".sql")
    for f in files:
        if not _FILE.match(f.name):
            raise ConfigError(f, None, "migration files are named NNNN_name.sql")
    return files


def create_migration(folder: Path, message: str) -> Path:
    """Write the next ``NNNN_message.sql`` (empty but for a comment)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", message).strip("_").lower() or "migration"
    existing = pending_files(folder)
    number = int(existing[-1].name[:4]) + 1 if existing else 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:04d}_{slug}.sql"
    path.write_text(f"-- Migration number: {number:04d} \t {message}\n")
    return path


def apply_migrations(
    account: Account, database_name: str, folder: Path, say: Callable[[str], None]
) -> list[str]:
    """Apply the files not yet in ``d1_migrations``; returns their names."""
    files = pending_files(folder)
    dbs = {d.name: str(d.uuid) for d in account.d1.databases.list().to_list()}
    if database_name not in dbs:
        raise CliError(f"no D1 database {database_name!r} in the account (deploy first)")
    db = dbs[database_name]
    account.d1.databases.query(
        db,
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    )
    [result] = account.d1.databases.query(db, f"SELECT name FROM {MIGRATIONS_TABLE}")
    done = {str(row["name"]) for row in result.results or []}
    applied: list[str] = []
    for f in files:
        if f.name in done:
            continue
        account.d1.databases.query(db, f.read_text())
        account.d1.databases.query(
            db, f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (?)", [f.name]
        )
        say(f"applied {f.name}")
        applied.append(f.name)
    if not applied:
        say("no migrations to apply")
    return applied


def run(args: argparse.Namespace) -> int:
    """Dispatch ``migrations create|apply``."""
    folder, name = migrations_dir(args.path, args.database)
    if args.action == "create":
        print(f"[cloudflarefs d1] created {create_migration(folder, args.message)}")
        return 0
    load_project(args.path)  # the whole config is valid before any request
    if args.local:
        account = Account(api_token="local", account_id=LOCAL_ACCOUNT_ID, base_url=args.local_api)
    else:
        account = Account.from_args(args)
    with account:
        apply_migrations(account, name, folder, lambda line: print(f"[cloudflarefs d1] {line}"))
    return 0


def register(sub: Any) -> None:
    """Add ``d1 migrations create|apply`` to the ``cloudflarefs`` parser."""
    p: argparse.ArgumentParser = sub.add_parser("d1", help="D1 migrations (wrangler's layout)")
    groups = p.add_subparsers(dest="group", required=True)
    m = groups.add_parser("migrations")
    actions = m.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="write the next migrations/NNNN_name.sql")
    create.add_argument("database", help="binding or database_name from the wrangler config")
    create.add_argument("message", help="what the migration does (the file name's tail)")
    create.add_argument("--path", default=".", help="Worker project")
    apply = actions.add_parser("apply", help="apply migrations not yet applied")
    apply.add_argument("database", help="binding or database_name from the wrangler config")
    apply.add_argument("--path", default=".", help="Worker project")
    apply.add_argument("--local", action="store_true", help="apply to `cloudflarefs dev`'s state")
    apply.add_argument(
        "--local-api", default=LOCAL_API, help=f"local API URL (default {LOCAL_API})"
    )
    add_account_arguments(apply)
    p.set_defaults(run=run)
