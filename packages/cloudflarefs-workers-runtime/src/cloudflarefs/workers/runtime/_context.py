"""The ``ExecutionContext`` (``ctx``) handed to Worker handlers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

from cloudflarefs.core import InvalidInputTypeError
from cloudflarefs.core.js import from_js, js_errors
from cloudflarefs.core.js import wait_until as _codec_wait_until

T = TypeVar("T")


class ExecutionContext:
    """Typed wrapper of a handler's ``ctx``: ``ExecutionContext(self.ctx)``.

    Works with the ``ctx`` of a ``WorkerEntrypoint`` as well as the third argument of
    ``on_fetch``/``on_scheduled``/``on_queue``.
    """

    __slots__ = ("_js",)

    def __init__(self, js_ctx: Any) -> None:
        self._js: Any = js_ctx

    @property
    def js_object(self) -> Any:
        """The wrapped JS ``ExecutionContext``."""
        return self._js

    def wait_until(self, awaitable: Awaitable[T]) -> asyncio.Future[T]:
        """Keep the invocation alive until ``awaitable`` finishes; returns its future.

        The coroutine is scheduled immediately and a strong reference is held until it
        settles, so background work is neither garbage-collected nor cut off. A failure is
        reported to the runtime (and stays available on the returned future).
        """
        if not isinstance(awaitable, Awaitable):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"wait_until needs an awaitable (a coroutine or future), got "
                f"{type(awaitable).__name__}; did you forget to call the async function?"
            )
        with js_errors():
            return _codec_wait_until(self._js, awaitable)

    def pass_through_on_exception(self) -> None:
        """On an uncaught exception, forward the request to the origin instead of failing."""
        with js_errors():
            self._js.passThroughOnException()

    @property
    def props(self) -> dict[str, Any]:
        """``ctx.props``: values configured on the service binding that invoked this Worker."""
        value = from_js(getattr(self._js, "props", None), objects="all")
        return dict(value) if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownArgumentType]

    def __repr__(self) -> str:
        return "ExecutionContext()"
