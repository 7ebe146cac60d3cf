"""Sample Python Worker: a visit counter in KV and a tiny notes API on D1.

Routes:
    GET  /            greeting and the visit count (incremented per call)
    GET  /notes       all notes, newest first
    POST /notes       body is the note text, header x-tag an optional tag; returns the new id
The cron trigger records when it last ran in KV.

The bindings are wrapped once by a typed ``Env``: ``COUNTS`` becomes a ``KVNamespace``, ``DB`` a
``D1Database`` and ``GREETING`` a checked ``str`` (a missing binding fails with one clear error).
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.d1.runtime import D1Database
from cloudflarefs.kv.runtime import KVNamespace
from cloudflarefs.workers.runtime import Env, ScheduledController

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS notes ("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, tag TEXT)"
)


class NotesEnv(Env):
    COUNTS: KVNamespace
    DB: D1Database
    GREETING: str


def json_response(data, status=200):
    body = json.dumps(data) + "\n"  # the newline keeps `curl` output readable
    return Response(body, status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = NotesEnv.from_js(self.env)
        path = urlparse(request.url).path
        if path == "/":
            return await visit(env)
        if path == "/notes" and request.method == "GET":
            return await list_notes(env)
        if path == "/notes" and request.method == "POST":
            return await add_note(env, await request.text(), request.headers.get("x-tag"))
        return json_response({"error": "not found"}, status=404)

    async def scheduled(self, controller, env, ctx):
        event = ScheduledController(controller)
        await NotesEnv.from_js(env).COUNTS.put("last_cron", event.cron)


async def visit(env):
    count = int(await env.COUNTS.get("visits") or 0) + 1
    await env.COUNTS.put("visits", str(count))
    return json_response({"greeting": env.GREETING, "visits": count})


async def add_note(env, body, tag):
    if not body.strip():
        return json_response({"error": "empty note"}, status=400)
    await env.DB.exec(SCHEMA)
    insert = env.DB.prepare("INSERT INTO notes (body, tag) VALUES (?, ?)")
    result = await insert.bind(body, tag or None).run()  # None binds SQL NULL
    return json_response({"id": result.meta.last_row_id}, status=201)


async def list_notes(env):
    await env.DB.exec(SCHEMA)
    rows = await env.DB.prepare("SELECT id, body, tag FROM notes ORDER BY id DESC").all()
    return json_response({"notes": rows.results})
