"""Sample Python Worker: a visit counter in KV and a tiny notes API on D1.

Routes:
    GET  /            greeting and the visit count (incremented per call)
    GET  /notes       all notes, newest first
    POST /notes       body is the note text; returns the new note's id
The cron trigger records when it last ran in KV.
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.core.js import JS_NULL, from_js, to_js

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS notes ("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, tag TEXT)"
)


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        path = urlparse(request.url).path
        if path == "/":
            return await self.visit()
        if path == "/notes" and request.method == "GET":
            return await self.list_notes()
        if path == "/notes" and request.method == "POST":
            return await self.add_note(await request.text(), request.headers.get("x-tag"))
        return json_response({"error": "not found"}, status=404)

    async def visit(self):
        count = int(from_js(await self.env.COUNTS.get("visits")) or 0) + 1
        await self.env.COUNTS.put("visits", str(count))
        return json_response({"greeting": self.env.GREETING, "visits": count})

    async def add_note(self, body, tag):
        if not body.strip():
            return json_response({"error": "empty note"}, status=400)
        await self.env.DB.exec(SCHEMA)
        stmt = self.env.DB.prepare("INSERT INTO notes (body, tag) VALUES (?, ?)")
        # D1 needs JS null (not undefined) for SQL NULL.
        result = from_js(await stmt.bind(body, to_js(tag or JS_NULL)).run(), objects="all")
        return json_response({"id": result["meta"]["last_row_id"]}, status=201)

    async def list_notes(self):
        await self.env.DB.exec(SCHEMA)
        rows = await self.env.DB.prepare("SELECT id, body, tag FROM notes ORDER BY id DESC").all()
        return json_response({"notes": from_js(rows, objects="all")["results"]})

    async def scheduled(self, controller, env, ctx):
        await env.COUNTS.put("last_cron", str(controller.cron))
