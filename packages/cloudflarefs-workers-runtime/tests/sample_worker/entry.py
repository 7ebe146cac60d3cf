"""A WorkerEntrypoint using cloudflarefs.workers.runtime's Env and context wrappers.

Driven by test_entrypoint_in_worker.py through the harness' ``worker`` fixture.
"""

import json
from typing import Any
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.workers.runtime import (
    Env,
    ExecutionContext,
    Fetcher,
    IncomingRequestCf,
    ScheduledController,
    Secret,
    VersionMetadata,
    binding,
)


class AppEnv(Env):
    GREETING: str
    LIMITS: dict[str, int]
    API_KEY: Secret[str]
    VER: VersionMetadata
    STATE: Any  # the raw KV binding: this sample does not depend on the KV runtime package
    echo: Fetcher = binding("ECHO")
    ANALYTICS: Fetcher | None = None  # not configured: None


async def remember(state: Any, key: str, value: str) -> None:
    await state.put(key, value)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = AppEnv.from_js(self.env)
        ctx = ExecutionContext(self.ctx)
        path = urlparse(request.url).path
        if path == "/cf":
            cf = IncomingRequestCf.from_request(request)
            data = {
                "colo": cf.colo,
                "country": cf.country,
                "asn": cf.asn,
                "http_protocol": cf.http_protocol,
                "tls_version": cf.tls_version,
                "new_thing": cf.extra.get("newThing"),
            }
            return Response(json.dumps(data))
        if path == "/background":
            ctx.pass_through_on_exception()
            ctx.wait_until(remember(env.STATE, "bg", "done"))
            return Response("accepted", status=202)
        if path == "/echo":
            upstream = await env.echo.fetch(
                "http://echo/relay", method="POST", body=await request.text()
            )
            return Response(await upstream.text(), status=upstream.status)
        if path == "/env":
            data = {
                "greeting": env.GREETING,
                "limits": env.LIMITS,
                "key_len": len(env.API_KEY.get_secret_value()),
                "version_id": env.VER.id,
                "analytics": env.ANALYTICS is None,
                "env_repr": repr(env),
            }
            return Response(json.dumps(data))
        return Response("not found", status=404)

    async def scheduled(self, controller, env, ctx):
        event = ScheduledController(controller)
        app = AppEnv.from_js(env)
        await app.STATE.put("cron", event.cron)
        await app.STATE.put("time", event.scheduled_time.isoformat())
        if event.cron == "stop":
            event.no_retry()
