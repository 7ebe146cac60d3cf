"""``ChatRoom``: one chat room as a Python Durable Object.

Every member's socket is accepted with ``ctx.acceptWebSocket`` (the object can hibernate
between messages); messages are stored in the object's SQLite database and broadcast as JSON.
After a message arrives an alarm is set; it deletes messages beyond ``MAX_MESSAGES`` or older
than ``RETENTION_SECONDS`` and tells the members how many went.

Frames sent to clients are JSON objects with a ``type``:
``history`` (the stored messages, sent on join), ``message``, ``joined``, ``left``, ``trimmed``
and ``error``.
"""

import datetime as dt
import json
import re
import time
from urllib.parse import parse_qs, urlsplit

from workers import Response

from cloudflarefs.durable_objects.runtime import AlarmInfo
from cloudflarefs.websockets.runtime import (
    CloseEvent,
    Message,
    TextMessage,
    WebSocket,
    WebSocketDurableObject,
    WebSocketPair,
)
from cloudflarefs.workers.runtime import Env

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS messages ("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, text TEXT NOT NULL, "
    "at INTEGER NOT NULL)"
)
NAME = re.compile(r"^[\w .-]{1,32}$")
MAX_TEXT = 2000


class RoomEnv(Env):
    MAX_MESSAGES: int
    RETENTION_SECONDS: int
    TRIM_DELAY_SECONDS: int


def now_ms():
    return int(time.time() * 1000)


class ChatRoom(WebSocketDurableObject):
    def __init__(self, ctx, env):
        super().__init__(ctx, env)
        self.settings = RoomEnv.from_js(env)
        self.storage.sql.exec(SCHEMA)

    async def fetch(self, request):
        name = parse_qs(urlsplit(request.url).query).get("name", [""])[0].strip()
        if not NAME.match(name):
            return Response("name: 1-32 letters, digits, spaces, . _ -", status=400)
        client, server = WebSocketPair.create()
        self.accept_web_socket(server, tags=[f"name:{name}"])
        server.serialize_attachment({"name": name})
        server.send(json.dumps({"type": "history", "messages": self.history_rows()}))
        self.broadcast({"type": "joined", "name": name})
        return Response(None, status=101, web_socket=client.js_object)

    async def history(self):
        """RPC: the stored messages, oldest first."""
        return self.history_rows()

    def history_rows(self):
        cursor = self.storage.sql.exec("SELECT id, name, text, at FROM messages ORDER BY id")
        return cursor.to_list()

    def broadcast(self, frame, *, skip=None):
        data = json.dumps(frame)
        for peer in self.get_web_sockets():
            if peer != skip:
                peer.send(data)

    async def on_web_socket_message(self, ws: WebSocket, message: Message):
        name = ws.deserialize_attachment()["name"]
        try:
            text = json.loads(message.data)["text"] if isinstance(message, TextMessage) else None
        except (ValueError, KeyError, TypeError):
            text = None
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            ws.send(json.dumps({"type": "error", "error": f'send {{"text": 1-{MAX_TEXT} chars}}'}))
            return
        at = now_ms()
        row = self.storage.sql.exec(
            "INSERT INTO messages (name, text, at) VALUES (?, ?, ?) RETURNING id", name, text, at
        ).one()
        self.broadcast({"type": "message", "id": row["id"], "name": name, "text": text, "at": at})
        if await self.storage.get_alarm() is None:
            delay = dt.timedelta(seconds=self.settings.TRIM_DELAY_SECONDS)
            await self.storage.set_alarm(dt.datetime.now(dt.UTC) + delay)

    async def on_web_socket_close(self, ws: WebSocket, event: CloseEvent):
        name = ws.deserialize_attachment()["name"]
        ws.close(1000, "bye")  # completes the closing handshake
        self.broadcast({"type": "left", "name": name}, skip=ws)

    async def on_alarm(self, info: AlarmInfo):
        sql = self.storage.sql
        before = sql.exec("SELECT count(*) AS n FROM messages").one()["n"]
        sql.exec(
            "DELETE FROM messages WHERE at < ? OR id NOT IN "
            "(SELECT id FROM messages ORDER BY id DESC LIMIT ?)",
            now_ms() - self.settings.RETENTION_SECONDS * 1000,
            self.settings.MAX_MESSAGES,
        )
        kept = sql.exec("SELECT count(*) AS n FROM messages").one()["n"]
        self.broadcast({"type": "trimmed", "removed": before - kept, "kept": kept})
