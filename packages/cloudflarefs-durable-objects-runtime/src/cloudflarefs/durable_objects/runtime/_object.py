"""``DurableObject``: a base class for Durable Objects written in Python."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import attrs

from cloudflarefs.core.js import JsError, from_js
from cloudflarefs.durable_objects.runtime._state import DurableObjectState
from cloudflarefs.durable_objects.runtime._storage import DurableObjectStorage


def _sdk_base() -> type[Any]:
    # Python Workers require Durable Objects to subclass workers.DurableObject; on host CPython
    # (tests, type checking) the SDK is absent and ``object`` stands in.
    try:
        return importlib.import_module("workers").DurableObject
    except (ImportError, AttributeError):
        return object


if TYPE_CHECKING:
    _Base = object
else:
    _Base = _sdk_base()


@attrs.frozen(kw_only=True)
class AlarmInfo:
    """What the runtime says about an alarm invocation."""

    retry_count: int = 0
    """How many times this alarm has been retried."""
    is_retry: bool = False
    """Whether this invocation is a retry."""


class DurableObject(_Base):
    """Subclass this (it extends ``workers.DurableObject`` when available) to write a Durable
    Object in Python with typed state::

        class Counter(DurableObject):
            async def increment(self, by: int = 1) -> int:
                n = (await self.storage.get("n") or 0) + by
                await self.storage.put("n", n)
                return n

            async def web_socket_message(self, ws, message: str | bytes) -> None:
                ws.send(message)

    The runtime calls the JS-named handlers (``webSocketMessage``, ``webSocketClose``,
    ``webSocketError``, ``alarm``); this class converts their arguments and calls the
    snake_case hooks, which do nothing unless overridden.
    """

    def __init__(self, ctx: Any, env: Any) -> None:
        if _Base is not object:
            super().__init__(ctx, env)  # pyright: ignore[reportCallIssue]
        self.ctx: Any = ctx
        """``ctx`` as ``workers.DurableObject`` has it (the SDK's wrapper under the runtime)."""
        self.env: Any = env
        """The env as given (wrap it with ``cloudflarefs.workers.runtime.Env.from_js``)."""
        self.state = DurableObjectState(ctx)
        """Typed wrapper of :attr:`ctx`."""

    @property
    def storage(self) -> DurableObjectStorage:
        """Shortcut for ``self.state.storage``."""
        return self.state.storage

    # -- JS-named entry points the runtime calls ------------------------------------------
    async def webSocketMessage(self, ws: Any, message: Any) -> None:
        """Runtime entry point: converts an ArrayBuffer message to bytes."""
        value = from_js(message)
        await self.web_socket_message(ws, value if isinstance(value, str | bytes) else str(value))

    async def webSocketClose(self, ws: Any, code: Any, reason: Any, was_clean: Any) -> None:
        """Runtime entry point for a closed hibernatable WebSocket."""
        await self.web_socket_close(ws, int(code), str(reason or ""), bool(was_clean))

    async def webSocketError(self, ws: Any, error: Any) -> None:
        """Runtime entry point: the JS error becomes a :class:`JsError`."""
        await self.web_socket_error(ws, JsError.from_js(error))

    async def alarm(self, alarm_info: Any = None) -> None:
        """Runtime entry point: calls :meth:`on_alarm` with an :class:`AlarmInfo`."""
        converted: Any = from_js(alarm_info, objects="all")
        data: dict[str, Any] = converted if isinstance(converted, dict) else {}  # pyright: ignore[reportUnknownVariableType]
        info = AlarmInfo(
            retry_count=int(data.get("retryCount") or 0), is_retry=bool(data.get("isRetry"))
        )
        await self.on_alarm(info)

    # -- hooks to override --------------------------------------------------------------
    async def web_socket_message(self, ws: Any, message: str | bytes) -> None:
        """A hibernatable WebSocket received ``message`` (text as str, binary as bytes)."""

    async def web_socket_close(self, ws: Any, code: int, reason: str, was_clean: bool) -> None:
        """A hibernatable WebSocket closed."""

    async def web_socket_error(self, ws: Any, error: JsError) -> None:
        """A hibernatable WebSocket failed."""

    async def on_alarm(self, info: AlarmInfo) -> None:
        """The alarm set with ``storage.set_alarm`` fired."""
