"""A Worker with Python Durable Objects, exercised by test_python_durable_objects.py."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

from workers import DurableObject as SdkDurableObject
from workers import Response, WorkerEntrypoint

from cloudflarefs.durable_objects.runtime import AlarmInfo, DurableObject, DurableObjectNamespace
from cloudflarefs.websockets.runtime import (
    BinaryMessage,
    CloseEvent,
    Message,
    TextMessage,
    WebSocket,
    WebSocketDurableObject,
    WebSocketPair,
)


class Counter(DurableObject):
    """Key-value storage, SQL, alarms, RPC and fetch on a SQLite-backed object."""

    def __init__(self, ctx: Any, env: Any) -> None:
        super().__init__(ctx, env)
        self.alarm_fired: asyncio.Future[AlarmInfo] = asyncio.get_event_loop().create_future()

    async def increment(self, by: int = 1) -> int:
        n = (await self.storage.get("n") or 0) + by
        await self.storage.put("n", n)
        return n

    async def whoami(self) -> dict[str, Any]:
        return {"id": self.state.id.to_string(), "instance": id(self)}

    async def record(self, item: str) -> list[str]:
        sql = self.storage.sql
        sql.exec("CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, item TEXT, raw BLOB)")
        sql.exec("INSERT INTO log (item, raw) VALUES (?, ?)", item, item.encode())
        rows = sql.exec("SELECT item, raw FROM log ORDER BY seq").to_list()
        assert all(r["raw"] == str(r["item"]).encode() for r in rows), rows
        return [str(r["item"]) for r in rows]

    async def kv_roundtrip(self) -> dict[str, Any]:
        await self.storage.put_many({"a": {"nested": [1, 2.5, None]}, "b": b"\x00\xff", "c": "x"})
        when = dt.datetime(2030, 1, 2, tzinfo=dt.UTC)
        await self.storage.put("when", when)
        listed = await self.storage.list(prefix="")
        deleted = await self.storage.delete_many(["c", "zzz"])
        return {
            "keys": list(listed),
            "a": await self.storage.get("a"),
            "b": (await self.storage.get("b")).hex(),
            "when": (await self.storage.get("when")) == when,
            "deleted": deleted,
            "missing": await self.storage.get("c"),
        }

    async def transfer(self, fail: bool) -> dict[str, Any]:
        await self.storage.put_many({"from": 10, "to": 0})
        try:
            async with self.storage.transaction() as txn:
                await txn.put("from", 5)
                await txn.put("to", 5)
                if fail:
                    raise ValueError("abort the transfer")
        except ValueError:
            pass
        return await self.storage.get_many(["from", "to"])

    async def arm(self) -> None:
        await self.storage.set_alarm(dt.datetime.now(dt.UTC))

    async def wait_for_alarm(self) -> dict[str, Any]:
        # Awaiting a future (not storage) lets the alarm event start meanwhile.
        info = await self.alarm_fired
        return {"retry_count": info.retry_count, "alarm_left": await self.storage.get_alarm()}

    async def on_alarm(self, info: AlarmInfo) -> None:
        await self.storage.put("alarm", "fired")
        if not self.alarm_fired.done():
            self.alarm_fired.set_result(info)

    async def fail(self) -> None:
        raise ValueError("counter failed on purpose")

    async def fetch(self, request: Any) -> Response:
        n = await self.increment(0)
        return Response.json({"method": request.method, "url": request.url, "n": n})


class Room(WebSocketDurableObject):
    """Hibernating WebSockets: accept with tags, broadcast, attachments, close."""

    async def fetch(self, request: Any) -> Response:
        user = parse_qs(urlsplit(request.url).query).get("user", ["anon"])[0]
        client, server = WebSocketPair.create()
        self.accept_web_socket(server, tags=["room", f"user:{user}"])
        server.serialize_attachment({"user": user})
        return Response(None, status=101, web_socket=client.js_object)

    async def on_web_socket_message(self, ws: WebSocket, message: Message) -> None:
        user = ws.deserialize_attachment()["user"]
        if isinstance(message, BinaryMessage):
            ws.send(message.data[::-1])
            return
        assert isinstance(message, TextMessage)
        if message.data == "who":
            tags = self.get_tags(ws)
            ws.send(f"{user} {','.join(tags)} of {len(self.get_web_sockets('room'))}")
            return
        if message.data == "bye":
            ws.close(4000, f"bye {user}")
            return
        self.storage.sql.exec(
            "CREATE TABLE IF NOT EXISTS said (seq INTEGER PRIMARY KEY, text TEXT)"
        )
        self.storage.sql.exec("INSERT INTO said (text) VALUES (?)", message.data)
        said = [r["text"] for r in self.storage.sql.exec("SELECT text FROM said ORDER BY seq")]
        for peer in self.get_web_sockets("room"):
            peer.send(f"{user}: {message.data} (#{len(said)})")

    async def on_web_socket_close(self, ws: WebSocket, event: CloseEvent) -> None:
        user = ws.deserialize_attachment()["user"]
        await self.storage.put(f"closed:{user}", [event.code, event.reason])
        for peer in self.get_web_sockets("room"):
            if peer != ws:
                peer.send(f"{user} left")

    async def history(self) -> list[str]:
        return [str(r["text"]) for r in self.storage.sql.exec("SELECT text FROM said ORDER BY seq")]


class Legacy(SdkDurableObject):
    """A plain workers.DurableObject (no cloudflarefs base) on the key-value storage backend."""

    async def fetch(self, request: Any) -> Response:
        storage = self.ctx.storage
        hits = (await storage.get("hits") or 0) + 1
        await storage.put("hits", hits)
        return Response(f"legacy {hits}")

    async def echo(self, value: Any) -> Any:
        return {"echo": value}


class Default(WorkerEntrypoint):
    """Routes /counter/<name>, /room/<name> (WebSocket) and /legacy to the objects."""

    async def fetch(self, request: Any) -> Any:
        parts = urlsplit(request.url).path.strip("/").split("/")
        if parts[0] == "counter":
            stub = DurableObjectNamespace(self.env.COUNTER).get_by_name(parts[1])
            response = await stub.fetch(request)
            return Response(await response.text(), status=response.status)
        if parts[0] == "room":
            stub = DurableObjectNamespace(self.env.ROOM).get_by_name(parts[1])
            response = await stub.fetch(request)
            return response.js_object  # the 101 with the client WebSocket
        if parts[0] == "legacy":
            stub = DurableObjectNamespace(self.env.LEGACY).get_by_name("one")
            return Response(await (await stub.fetch(request)).text())
        return Response("not found", status=404)
