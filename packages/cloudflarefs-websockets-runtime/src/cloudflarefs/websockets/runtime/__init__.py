"""Typed WebSockets for Python Workers: ``WebSocketPair``, ``WebSocket`` and hibernation glue.

::

    from cloudflarefs.websockets.runtime import WebSocketPair, TextMessage

    client, server = WebSocketPair.create()
    server.accept()
    ...  # return Response(None, status=101, web_socket=client.js_object)
    async for message in server:
        if isinstance(message, TextMessage):
            server.send(message.data.upper())
    print(server.close_event)
"""

from cloudflarefs.websockets.runtime._hibernation import (
    WebSocketDurableObject,
    accept_hibernatable,
    hibernatable_web_sockets,
    web_socket_tags,
)
from cloudflarefs.websockets.runtime._messages import (
    BinaryMessage,
    CloseEvent,
    Message,
    ReadyState,
    TextMessage,
    WebSocketClosedError,
)
from cloudflarefs.websockets.runtime._socket import WebSocket, WebSocketPair
from cloudflarefs.websockets.runtime._validate import (
    MAX_CLOSE_REASON_BYTES,
    check_close,
    check_payload,
)
from cloudflarefs.websockets.runtime._version import __version__

__all__ = [
    "MAX_CLOSE_REASON_BYTES",
    "BinaryMessage",
    "CloseEvent",
    "Message",
    "ReadyState",
    "TextMessage",
    "WebSocket",
    "WebSocketClosedError",
    "WebSocketDurableObject",
    "WebSocketPair",
    "__version__",
    "accept_hibernatable",
    "check_close",
    "check_payload",
    "hibernatable_web_sockets",
    "web_socket_tags",
]
