"""A Worker whose routes expose its bindings, so tests see what the local API wrote.

Routes: GET/PUT /kv/<key>, GET /d1/notes, POST /d1/notes, GET/PUT /r2/<key>,
POST /jobs (to the queue this Worker consumes), POST /outbox (to a pull-consumed queue),
GET /secret/<NAME>. Each consumed job is recorded in KV as ``job:<body>``.
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.d1.runtime import D1Database
from cloudflarefs.kv.runtime import KVNamespace


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        kv = KVNamespace(self.env.KV)
        path = urlparse(request.url).path
        kind, _, rest = path.strip("/").partition("/")
        if kind == "kv" and request.method == "PUT":
            await kv.put(rest, await request.text())
            return Response("stored", status=201)
        if kind == "kv":
            value = await kv.get(rest)
            return Response(value or "", status=200 if value is not None else 404)
        if kind == "d1" and request.method == "POST":
            db = D1Database(self.env.DB)
            await db.prepare("INSERT INTO notes (body) VALUES (?)").bind(await request.text()).run()
            return Response("added", status=201)
        if kind == "d1":
            db = D1Database(self.env.DB)
            rows = (await db.prepare("SELECT body FROM notes ORDER BY id").all()).results
            return Response(json.dumps([r["body"] for r in rows]))
        if kind == "r2" and request.method == "PUT":
            await self.env.BUCKET.put(rest, await request.text())
            return Response("stored", status=201)
        if kind == "r2":
            found = await self.env.BUCKET.get(rest)
            if found is None:
                return Response("", status=404)
            return Response(await found.text())
        if kind == "jobs":
            await self.env.JOBS.send(await request.text())
            return Response("queued", status=202)
        if kind == "outbox":
            await self.env.OUTBOX.send(await request.text())
            return Response("queued", status=202)
        if kind == "secret":
            return Response(str(getattr(self.env, rest, "")))
        return Response("not found", status=404)

    async def queue(self, batch, env, ctx):
        kv = KVNamespace(env.KV)
        for message in batch.messages:
            await kv.put("job:" + str(message.body), "done")
            message.ack()
