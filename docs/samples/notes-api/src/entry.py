"""Sample Python Worker: a notes API on D1 with typed rows, migrations and batch writes.

Routes (JSON in, JSON out):
    GET    /notes              every note, pinned first, then newest first
    POST   /notes              {"title", "body"?, "pinned"?} creates one note
    POST   /notes/import       [{"title", ...}, ...] creates all of them in one atomic batch
    GET    /notes/<id>         one note
    PATCH  /notes/<id>         {"title"?, "body"?, "pinned"?} changes the given fields
    DELETE /notes/<id>         deletes one note

The schema lives in ``migrations/`` (wrangler's ``NNNN_name.sql`` layout); rows come back as
``Note`` instances through ``D1PreparedStatement.all(into=Note)``.
"""

import json
from urllib.parse import urlparse

import attrs
from workers import Response, WorkerEntrypoint

from cloudflarefs.d1.runtime import D1Database, D1Error
from cloudflarefs.workers.runtime import Env

COLUMNS = "id, title, body, pinned, created_at"
MAX_TITLE = 200


class NotesEnv(Env):
    DB: D1Database


@attrs.frozen
class Note:
    """A row of the ``notes`` table."""

    id: int
    title: str
    body: str
    pinned: bool
    created_at: str


class BadRequest(Exception):
    """The request body is not what the route accepts."""


def json_response(data, status=200):
    body = json.dumps(data) + "\n"
    return Response(body, status=status, headers={"content-type": "application/json"})


def note_json(note):
    return attrs.asdict(note)


def parse_fields(data, *, partial):
    """The writable fields of a note from a JSON object, checked; ``partial`` for PATCH."""
    if not isinstance(data, dict):
        raise BadRequest("expected a JSON object")
    unknown = set(data) - {"title", "body", "pinned"}
    if unknown:
        raise BadRequest(f"unknown fields: {', '.join(sorted(unknown))}")
    if not partial and "title" not in data:
        raise BadRequest("title is required")
    if "title" in data:
        title = data["title"]
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
            raise BadRequest(f"title must be a non-empty string of at most {MAX_TITLE} characters")
    if "body" in data and not isinstance(data["body"], str):
        raise BadRequest("body must be a string")
    if "pinned" in data and not isinstance(data["pinned"], bool):
        raise BadRequest("pinned must be true or false")
    return dict(data)


def insert(db, fields):
    return db.prepare("INSERT INTO notes (title, body, pinned) VALUES (?, ?, ?)").bind(
        fields["title"], fields.get("body", ""), fields.get("pinned", False)
    )


async def read_json(request):
    try:
        return json.loads(await request.text())
    except ValueError as error:
        raise BadRequest(f"invalid JSON: {error}") from None


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = NotesEnv.from_js(self.env)
        parts = [p for p in urlparse(request.url).path.split("/") if p]
        try:
            return await route(env.DB, request, parts)
        except BadRequest as error:
            return json_response({"error": str(error)}, status=400)
        except D1Error as error:
            if "UNIQUE constraint failed" in error.js_message:
                return json_response({"error": "a note with that title exists"}, status=409)
            raise


async def route(db, request, parts):
    method = request.method
    if parts == ["notes"] and method == "GET":
        rows = await db.prepare(f"SELECT {COLUMNS} FROM notes ORDER BY pinned DESC, id DESC").all(
            into=Note
        )
        return json_response({"notes": [note_json(n) for n in rows.results]})
    if parts == ["notes"] and method == "POST":
        fields = parse_fields(await read_json(request), partial=False)
        result = await insert(db, fields).run()
        return json_response(note_json(await get_note(db, result.meta.last_row_id)), status=201)
    if parts == ["notes", "import"] and method == "POST":
        items = await read_json(request)
        if not isinstance(items, list) or not items:
            raise BadRequest("expected a non-empty JSON array of notes")
        statements = [insert(db, parse_fields(item, partial=False)) for item in items]
        results = await db.batch(statements)  # one transaction: all rows or none
        return json_response({"ids": [r.meta.last_row_id for r in results]}, status=201)
    if len(parts) == 2 and parts[0] == "notes" and parts[1].isdigit():
        return await one_note(db, request, int(parts[1]))
    return json_response({"error": "not found"}, status=404)


async def get_note(db, note_id):
    return (
        await db.prepare(f"SELECT {COLUMNS} FROM notes WHERE id = ?").bind(note_id).first(into=Note)
    )


async def one_note(db, request, note_id):
    note = await get_note(db, note_id)
    if note is None:
        return json_response({"error": f"no note {note_id}"}, status=404)
    if request.method == "GET":
        return json_response(note_json(note))
    if request.method == "PATCH":
        fields = parse_fields(await read_json(request), partial=True)
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)  # names checked above
            await (
                db.prepare(f"UPDATE notes SET {assignments} WHERE id = ?")
                .bind(*fields.values(), note_id)
                .run()
            )
        return json_response(note_json(await get_note(db, note_id)))
    if request.method == "DELETE":
        await db.prepare("DELETE FROM notes WHERE id = ?").bind(note_id).run()
        return json_response({"deleted": note_id})
    return json_response({"error": "method not allowed"}, status=405)
