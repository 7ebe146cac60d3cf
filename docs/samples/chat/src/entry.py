"""Sample Python Worker: real-time chat rooms.

Routes:
    GET /                          the chat page (``page.py``)
    GET /rooms/<room>/ws?name=<n>  WebSocket into room ``<room>`` as ``<n>``
    GET /rooms/<room>/history      the room's stored messages as JSON

Each room is one ``ChatRoom`` Durable Object (``room.py``): it accepts the sockets with the
hibernation API, keeps the history in its SQLite storage and trims it from an alarm.
"""

import json
import re
from urllib.parse import urlsplit

from page import PAGE
from room import ChatRoom  # noqa: F401  (exported: wrangler's class_name names it)
from workers import Response, WorkerEntrypoint

from cloudflarefs.durable_objects.runtime import DurableObjectNamespace
from cloudflarefs.workers.runtime import Env

ROOM_PATH = re.compile(r"^/rooms/([A-Za-z0-9_-]{1,64})/(ws|history)$")


class ChatEnv(Env):
    ROOMS: DurableObjectNamespace


def json_response(data, status=200):
    return Response(json.dumps(data), status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = ChatEnv.from_js(self.env)
        path = urlsplit(request.url).path
        if path == "/":
            return Response(PAGE, headers={"content-type": "text/html; charset=utf-8"})
        match = ROOM_PATH.match(path)
        if match is None:
            return json_response({"error": "not found"}, status=404)
        room = env.ROOMS.get_by_name(match.group(1))
        if match.group(2) == "history":
            return json_response({"messages": await room.history()})
        if request.headers.get("upgrade", "").lower() != "websocket":
            return json_response({"error": "expected a WebSocket upgrade"}, status=426)
        response = await room.fetch(request)
        return response.js_object  # the 101 response carrying the client's WebSocket
