"""The hyperdrive-postgres sample, end to end through its fetch handler under the harness,
against a real PostgreSQL through Miniflare's Hyperdrive binding.

With PgBouncer behind the binding (standing in for Hyperdrive's pool, see conftest) many requests
share a few database backends; straight to Postgres, every request is a new backend. Both are
measured by the Worker's own ``/stats`` (``pg_backend_pid()`` per request, ``pg_stat_activity``).
"""

import json
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "hyperdrive-postgres"


async def drop_tables(env):
    from cloudflarefs.hyperdrive.runtime import Hyperdrive, PostgresConnection

    async with await PostgresConnection.connect(Hyperdrive(env.HYPERDRIVE)) as pg:
        await pg.query("drop table if exists books, request_log")


def load(worker, url):
    worker.load(SAMPLE, bindings={"hyperdrive": {"HYPERDRIVE": url}})
    worker.run(drop_tables)  # the cluster lives for the session: start each test empty
    return worker


@pytest.fixture
def pooled(worker, pgbouncer):
    return load(worker, pgbouncer)


def test_books_api(pooled):
    hostile = "Robert'); drop table books; --\\"
    made = pooled.fetch(
        "/books",
        method="POST",
        body=json.dumps({"title": hostile, "author": "O'Brien", "year": -44}),
    )
    assert made.status == 201, made.text
    book = made.json()
    assert (book["title"], book["author"], book["year"]) == (hostile, "O'Brien", -44)
    second = pooled.fetch("/books", method="POST", body='{"title": "Dune", "author": "Herbert"}')
    assert second.json()["year"] is None

    listed = pooled.fetch("/books").json()["books"]
    assert [b["title"] for b in listed] == ["Dune", hostile], "newest first; nothing was dropped"
    assert pooled.fetch(f"/books/{book['id']}").json() == book
    assert pooled.fetch("/books/999999").status == 404
    assert pooled.fetch("/books/x").status == 404

    for body, message in {
        "nope": "JSON",
        '{"title": "", "author": "a"}': "non-empty",
        '{"title": "t", "author": "a", "year": "1999"}': "whole number",
    }.items():
        answer = pooled.fetch("/books", method="POST", body=body)
        assert answer.status == 400 and message in answer.json()["error"], answer.text
    out_of_range = pooled.fetch(
        "/books", method="POST", body='{"title": "t", "author": "a", "year": 99999999999}'
    )
    assert (out_of_range.status, out_of_range.json()["sqlstate"]) == (400, "22003"), (
        out_of_range.text
    )


def test_a_pool_behind_the_binding_reuses_backends(pooled, pool_size):
    for _ in range(7):
        assert pooled.fetch("/books").status == 200
    stats = pooled.fetch("/stats").json()
    assert stats["requests"] == 8, stats  # the drop_tables run is not logged; /stats itself is
    assert 1 <= stats["backends"] <= pool_size, stats
    assert stats["requests_per_backend"] >= 8 / pool_size, stats
    assert stats["open_connections"] <= pool_size, "the pool's connections, not one per request"


def test_without_a_pool_every_request_is_a_new_backend(worker, direct_url):
    load(worker, direct_url)
    for _ in range(3):
        worker.fetch("/books")
    stats = worker.fetch("/stats").json()
    assert (stats["requests"], stats["backends"]) == (4, 4), stats
