"""``DurableObjectState`` (the ``ctx`` of a Durable Object), including WebSocket hibernation."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Final, TypeVar

from cloudflarefs.core import InvalidInputError, require_items
from cloudflarefs.core.js import (
    call_js,
    from_js,
    js_errors,
    js_function,
    to_js,
    to_promise,
    wait_until,
)
from cloudflarefs.durable_objects.runtime._id import DurableObjectId
from cloudflarefs.durable_objects.runtime._storage import DurableObjectStorage

T = TypeVar("T")

MAX_TAGS: Final = 10
"""Most tags one hibernatable WebSocket may carry."""
MAX_TAG_LENGTH: Final = 256
"""Longest tag, in characters."""


def check_tags(tags: Iterable[str]) -> list[str]:
    """Up to :data:`MAX_TAGS` non-empty str tags of at most :data:`MAX_TAG_LENGTH` chars."""
    checked: list[str] = require_items(tags, "tags")
    if len(checked) > MAX_TAGS:
        raise InvalidInputError(f"at most {MAX_TAGS} tags per WebSocket, got {len(checked)}")
    for tag in checked:
        if not isinstance(tag, str) or not tag or len(tag) > MAX_TAG_LENGTH:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"a tag is a str of 1..{MAX_TAG_LENGTH} chars, got {tag!r}")
    return checked


class DurableObjectState:
    """Typed wrapper of a Durable Object's ``ctx``: ``DurableObjectState(ctx)``.

    WebSockets are passed as the JS ``WebSocket`` objects (the server end of a
    ``WebSocketPair``); they are returned the same way.
    """

    __slots__ = ("_js", "_sdk_ctx")

    def __init__(self, js_ctx: Any) -> None:
        # workers-runtime-sdk hands Python Durable Objects a DurableObjectContext around the JS
        # ctx (its storage results are converted by the SDK); unwrap it so the codec decides.
        self._sdk_ctx: Any = js_ctx if type(js_ctx).__name__ == "DurableObjectContext" else None
        self._js: Any = getattr(js_ctx, "_ctx", js_ctx) if self._sdk_ctx is not None else js_ctx

    @property
    def js_object(self) -> Any:
        """The wrapped JS ``DurableObjectState``."""
        return self._js

    @property
    def id(self) -> DurableObjectId:
        """This object's id."""
        return DurableObjectId(self._js.id)

    @property
    def storage(self) -> DurableObjectStorage:
        """The object's storage (key-value, alarms, SQL)."""
        return DurableObjectStorage(self._js.storage)

    async def block_concurrency_while(self, fn: Callable[[], Awaitable[T]]) -> T:
        """Run ``fn()`` while no other event is delivered to this object (typically in
        ``__init__`` to load state); returns its result."""
        if not callable(fn):
            raise InvalidInputError("block_concurrency_while takes an async callable")
        results: list[T] = []

        async def run() -> None:
            results.append(await fn())

        def callback() -> Any:
            return to_promise(run())

        with js_function(callback) as js_callback:
            with js_errors():
                pending = self._js.blockConcurrencyWhile(js_callback)
            await call_js(pending)
        return results[0]

    def wait_until(self, awaitable: Awaitable[T]) -> asyncio.Future[T]:
        """Keep the object alive until ``awaitable`` finishes; returns its future."""
        with js_errors():
            return wait_until(self._js, awaitable)

    def abort(self, reason: str | None = None) -> None:
        """Reset the object (its in-memory state is dropped; storage is kept).

        Under workers-runtime-sdk this goes through the SDK's ``abort``, which lets asyncio
        unwind before JS stops (it then raises a ``BaseException`` to stop your code).
        """
        if self._sdk_ctx is not None:
            self._sdk_ctx.abort(reason)
            return
        with js_errors():
            self._js.abort(reason)

    def accept_web_socket(self, ws: Any, tags: Iterable[str] = ()) -> None:
        """Accept ``ws`` as a hibernatable WebSocket, with up to 10 ``tags`` for lookup."""
        checked = check_tags(tags)
        with js_errors():
            self._js.acceptWebSocket(ws, to_js(checked))

    def get_web_sockets(self, tag: str | None = None) -> list[Any]:
        """The accepted WebSockets, or those carrying ``tag``."""
        if tag is not None:
            check_tags([tag])
        with js_errors():
            sockets = self._js.getWebSockets() if tag is None else self._js.getWebSockets(tag)
        return list(sockets)

    def get_tags(self, ws: Any) -> list[str]:
        """The tags ``ws`` was accepted with."""
        with js_errors():
            tags: list[Any] = from_js(self._js.getTags(ws)) or []
        return [str(t) for t in tags]

    def set_web_socket_auto_response(
        self, request: str | None = None, response: str | None = None
    ) -> None:
        """Answer the text message ``request`` with ``response`` without waking the object;
        call without arguments to remove the auto-response."""
        if (request is None) != (response is None):
            raise InvalidInputError("give both request and response, or neither")
        if request is None or response is None:
            with js_errors():
                self._js.setWebSocketAutoResponse()
            return
        if not request or not isinstance(request, str) or not isinstance(response, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("request and response are str; request must be non-empty")
        js: Any = importlib.import_module("js")
        with js_errors():
            pair = js.WebSocketRequestResponsePair.new(request, response)
            self._js.setWebSocketAutoResponse(pair)

    def get_web_socket_auto_response(self) -> tuple[str, str] | None:
        """The configured ``(request, response)`` auto-response, or ``None``."""
        with js_errors():
            pair = from_js(self._js.getWebSocketAutoResponse())
            if pair is None:
                return None
            return str(pair.request), str(pair.response)

    def set_hibernatable_web_socket_event_timeout(self, timeout_ms: int | None = None) -> None:
        """Limit how long a hibernatable WebSocket event handler may run (``None`` resets)."""
        if timeout_ms is not None and (
            isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or timeout_ms < 0  # pyright: ignore[reportUnnecessaryIsInstance]
        ):
            raise InvalidInputError(f"timeout_ms must be a non-negative int, got {timeout_ms!r}")
        with js_errors():
            self._js.setHibernatableWebSocketEventTimeout(timeout_ms)

    def __repr__(self) -> str:
        return "DurableObjectState()"
