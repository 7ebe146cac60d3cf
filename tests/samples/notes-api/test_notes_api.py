"""The notes-api sample, end to end through its fetch handler under the offline harness.

``worker.load`` applies the sample's migrations (as ``cloudflarefs dev`` does) into a fresh D1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "notes-api"


def post(worker: Any, path: str, data: object, method: str = "POST") -> Any:
    return worker.fetch(path, method=method, body=json.dumps(data), raise_on_error=False)


def test_migrations_are_applied_once_in_order(worker: Any) -> None:
    worker.load(SAMPLE)

    async def applied(env):
        rows = await env.DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all()
        return [row.name for row in rows.results]

    names = ["0001_create_notes.sql", "0002_pinned_and_unique_titles.sql"]
    assert worker.run(applied) == names
    worker.load(SAMPLE)  # loading again (same storage) applies nothing twice
    assert worker.run(applied) == names


def test_crud_with_typed_rows(worker: Any) -> None:
    worker.load(SAMPLE)
    created = post(worker, "/notes", {"title": "groceries", "body": "milk"})
    assert created.status == 201
    note = created.json()
    assert (note["id"], note["title"], note["body"], note["pinned"]) == (
        1,
        "groceries",
        "milk",
        False,
    )
    assert note["created_at"].endswith("Z")

    post(worker, "/notes", {"title": "ideas", "pinned": True})
    post(worker, "/notes", {"title": "later"})
    titles = [n["title"] for n in worker.fetch("/notes").json()["notes"]]
    assert titles == ["ideas", "later", "groceries"]  # pinned first, then newest first

    patched = post(worker, "/notes/1", {"body": "oat milk", "pinned": True}, method="PATCH")
    assert patched.json()["body"] == "oat milk"
    assert patched.json()["pinned"] is True
    assert worker.fetch("/notes/1").json() == patched.json()

    assert worker.fetch("/notes/2", method="DELETE").json() == {"deleted": 2}
    assert worker.fetch("/notes/2", raise_on_error=False).status == 404
    assert [n["id"] for n in worker.fetch("/notes").json()["notes"]] == [1, 3]


def test_import_is_one_atomic_batch(worker: Any) -> None:
    worker.load(SAMPLE)
    imported = post(worker, "/notes/import", [{"title": f"note {i}"} for i in range(5)])
    assert (imported.status, imported.json()) == (201, {"ids": [1, 2, 3, 4, 5]})

    # "note 2" exists: the unique index fails the batch, and none of its rows stay.
    clash = post(worker, "/notes/import", [{"title": "new one"}, {"title": "note 2"}])
    assert clash.status == 409
    assert "exists" in clash.json()["error"]
    assert len(worker.fetch("/notes").json()["notes"]) == 5


def test_bad_input_is_rejected_before_d1(worker: Any) -> None:
    worker.load(SAMPLE)
    cases = [
        ("/notes", {"body": "no title"}, "title is required"),
        ("/notes", {"title": ""}, "title must be"),
        ("/notes", {"title": "x", "colour": "red"}, "unknown fields: colour"),
        ("/notes", {"title": "x", "pinned": "yes"}, "pinned must be"),
        ("/notes/import", [], "non-empty JSON array"),
    ]
    for path, data, message in cases:
        answer = post(worker, path, data)
        assert answer.status == 400, (data, answer.text)
        assert message in answer.json()["error"]
    broken = worker.fetch("/notes", method="POST", body="{nope", raise_on_error=False)
    assert broken.status == 400
    assert "invalid JSON" in broken.json()["error"]
    assert worker.fetch("/notes").json() == {"notes": []}
    assert worker.fetch("/nowhere", raise_on_error=False).status == 404
