"""Splitting and ordering of wrangler-layout D1 migrations (host side; applying them runs in
the notes-api sample's tests under the harness)."""

from pathlib import Path

from cloudflarefs.testing.d1_migrations import read_migrations, split_statements
from cloudflarefs.testing.wrangler import load_worker_config


def test_statements_split_at_semicolons_outside_quotes_and_comments() -> None:
    sql = """
    -- a comment; with a semicolon
    CREATE TABLE t (v TEXT DEFAULT 'a;b');  /* block; comment */
    INSERT INTO t VALUES ("x;y");
    INSERT INTO t VALUES ('it''s')
    """
    assert split_statements(sql) == [
        "CREATE TABLE t (v TEXT DEFAULT 'a;b')",
        'INSERT INTO t VALUES ("x;y")',
        "INSERT INTO t VALUES ('it''s')",
    ]


def test_only_numbered_sql_files_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "0002_b.sql").write_text("SELECT 2;")
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "draft.sql").write_text("ignored")
    assert read_migrations(tmp_path) == [("0001_a.sql", ["SELECT 1"]), ("0002_b.sql", ["SELECT 2"])]


def test_config_names_the_migrations_directory(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "entry.py").write_text("")
    (tmp_path / "wrangler.toml").write_text(
        'name = "w"\nmain = "src/entry.py"\n'
        '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "d"\ndatabase_id = "x"\n'
        '[[d1_databases]]\nbinding = "OTHER"\ndatabase_name = "o"\ndatabase_id = "y"\n'
        'migrations_dir = "schema"\n'
    )
    assert load_worker_config(tmp_path).d1_migrations == {}  # neither directory exists
    (tmp_path / "migrations").mkdir()
    (tmp_path / "schema").mkdir()
    assert load_worker_config(tmp_path).d1_migrations == {
        "DB": tmp_path / "migrations",
        "OTHER": tmp_path / "schema",
    }
