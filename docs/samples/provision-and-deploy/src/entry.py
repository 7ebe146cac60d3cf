"""A Worker deployed by ``provision.py``: settings in KV, items in D1.

Routes:
    GET  /        the greeting, the ``motd`` setting from KV and the number of items
    GET  /items   the items, oldest first
    POST /items   body is the item's name; returns its id

``provision.py`` creates the ``items`` table (the Worker does not migrate) and seeds ``motd``.
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.d1.runtime import D1Database
from cloudflarefs.kv.runtime import KVNamespace
from cloudflarefs.workers.runtime import Env


class ItemsEnv(Env):
    SETTINGS: KVNamespace
    DB: D1Database
    GREETING: str


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = ItemsEnv.from_js(self.env)
        path = urlparse(request.url).path
        if path == "/":
            motd = await env.SETTINGS.get("motd")
            count = await env.DB.prepare("SELECT COUNT(*) AS n FROM items").first("n")
            return json_response({"greeting": env.GREETING, "motd": motd, "items": count})
        if path == "/items" and request.method == "GET":
            rows = await env.DB.prepare("SELECT id, name FROM items ORDER BY id").all()
            return json_response(rows.results)
        if path == "/items" and request.method == "POST":
            name = (await request.text()).strip()
            if not name:
                return json_response({"error": "the body is the item's name"}, status=400)
            result = await env.DB.prepare("INSERT INTO items (name) VALUES (?)").bind(name).run()
            return json_response({"id": result.meta.last_row_id}, status=201)
        return json_response({"error": "not found"}, status=404)
