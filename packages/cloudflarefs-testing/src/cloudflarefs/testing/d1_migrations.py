"""Apply a Worker's D1 migrations offline, as ``wrangler d1 migrations apply --local`` does.

Migrations are the ``NNNN_name.sql`` files of a database's ``migrations_dir`` (wrangler's
layout, default ``migrations/`` next to the config). They are applied in file-name order, each
one atomically (one D1 batch with its own bookkeeping row), and recorded in wrangler's
``d1_migrations`` table, so a migration runs once per database however often this is called.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cloudflarefs.testing.harness import Harness

MIGRATION_FILE = re.compile(r"^\d{4}_[\w.-]+\.sql$")

# Runs inside Pyodide with the Worker's env (shipped as source by Harness.exec).
_APPLY = """
from cloudflarefs.d1.runtime import D1Database


async def apply(env, binding, migrations):
    db = D1Database(getattr(env, binding))
    await db.exec(
        "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)"
    )
    done = {row["name"] for row in (await db.prepare("SELECT name FROM d1_migrations").all()).results}
    applied = []
    for name, statements in migrations:
        if name in done:
            continue
        batch = [db.prepare(sql) for sql in statements]
        batch.append(db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name))
        await db.batch(batch)
        applied.append(name)
    return applied
"""


def split_statements(sql: str) -> list[str]:
    """Split a migration into statements at ``;``, outside quotes and comments.

    ``--`` line comments and ``/* */`` comments are dropped. Trigger bodies (``BEGIN ... END``)
    are not supported: write them without inner semicolons or as separate migrations.
    """
    statements: list[str] = []
    current: list[str] = []
    i, n = 0, len(sql)
    quote: str | None = None
    while i < n:
        c = sql[i]
        if quote:
            current.append(c)
            if c == quote:
                quote = None
            i += 1
        elif c in "'\"`":
            quote = c
            current.append(c)
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif c == ";":
            statements.append("".join(current).strip())
            current = []
            i += 1
        else:
            current.append(c)
            i += 1
    statements.append("".join(current).strip())
    return [s for s in statements if s]


def read_migrations(directory: Path) -> list[tuple[str, list[str]]]:
    """``(file name, statements)`` for each ``NNNN_name.sql`` in ``directory``, in order."""
    files = sorted(p for p in directory.iterdir() if MIGRATION_FILE.match(p.name))
    return [(p.name, split_statements(p.read_text())) for p in files]


def apply_d1_migrations(harness: Harness, migrations: dict[str, Path]) -> list[str]:
    """Apply the pending migrations of each ``binding → directory``; return what was applied.

    Names come back as ``BINDING/NNNN_name.sql``.
    """
    applied: list[str] = []
    for binding, directory in sorted(migrations.items()):
        names = harness.exec(
            _APPLY, "apply", binding=binding, migrations=read_migrations(directory)
        )
        applied.extend(f"{binding}/{name}" for name in names)
    return applied
