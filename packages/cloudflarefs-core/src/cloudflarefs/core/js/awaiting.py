"""Awaiting JS results, keeping background work alive, and translating JS exceptions."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Protocol, TypeVar

from cloudflarefs.core.js.backend import backend
from cloudflarefs.core.js.errors import JsError

T = TypeVar("T")

_alive: set[asyncio.Future[Any]] = set()


class WaitUntilContext(Protocol):
    """Anything with a JS-style ``waitUntil`` (a Workers ``ExecutionContext``)."""

    def waitUntil(self, promise: Any, /) -> Any:
        """Extend the request's lifetime until ``promise`` settles."""
        ...


async def await_maybe(value: Awaitable[T] | T) -> T:
    """Await ``value`` if it is awaitable, else return it.

    Through Miniflare's Node proxy some JS calls (nested RPC results, sync methods) come back
    as plain values rather than promises; call sites do not need to know which.
    """
    if inspect.isawaitable(value):
        return await value
    return value


def keep_alive(awaitable: Awaitable[T]) -> asyncio.Future[T]:
    """Schedule ``awaitable`` and hold a strong reference until it finishes.

    asyncio keeps only weak references to tasks; background work would otherwise be
    garbage-collected mid-flight.
    """
    fut = asyncio.ensure_future(awaitable)
    _alive.add(fut)
    fut.add_done_callback(_alive.discard)
    return fut


def pending_background() -> int:
    """How many :func:`keep_alive` futures are still running (for tests and diagnostics)."""
    return len(_alive)


def to_promise(awaitable: Awaitable[Any]) -> Any:
    """A real JS ``Promise`` that settles when ``awaitable`` does (resolving to ``undefined``).

    Passing a Python future to JS directly hands it a *borrowed* proxy that is destroyed when the
    call returns; a JS-owned Promise has no such lifetime trap.
    """
    fut = keep_alive(awaitable)
    be = backend()

    def executor(resolve: Any, reject: Any) -> None:
        def settle(f: asyncio.Future[Any]) -> None:
            if f.cancelled():
                reject(be.new_error("cancelled"))
            elif (exc := f.exception()) is not None:
                reject(be.new_error(f"{type(exc).__name__}: {exc}"))
            else:
                resolve(None)

        fut.add_done_callback(settle)

    return be.new_promise(executor)


def wait_until(ctx: WaitUntilContext, awaitable: Awaitable[T]) -> asyncio.Future[T]:
    """``ctx.waitUntil`` for Python awaitables; returns the scheduled future."""
    fut = keep_alive(awaitable)
    ctx.waitUntil(to_promise(fut))
    return fut


def is_js_exception(exc: BaseException) -> bool:
    """Whether ``exc`` is a Pyodide ``JsException`` (an error thrown by JS).

    Matched by class name, so this works on host CPython without pyodide installed. For hot
    paths that cannot afford entering :func:`js_errors` (a bare ``try`` is free)::

        try:
            value = await binding.get(key)
        except Exception as exc:
            if is_js_exception(exc):
                raise JsError.from_js(exc) from exc
            raise
    """
    return any(c.__name__ == "JsException" for c in type(exc).__mro__)


@contextlib.contextmanager
def js_errors() -> Generator[None]:
    """Re-raise Pyodide ``JsException``s inside the block as :class:`JsError`."""
    try:
        yield
    except Exception as exc:
        if is_js_exception(exc):
            raise JsError.from_js(exc) from exc
        raise


async def call_js(value: Awaitable[T] | T) -> T:
    """:func:`await_maybe` with JS exceptions translated to :class:`JsError`.

    ``value`` is already made (``call_js(binding.get(key))``), so a JS error thrown by the call
    itself, before any promise exists, escapes untranslated; :func:`invoke_js` covers that.
    """
    with js_errors():
        return await await_maybe(value)


async def invoke_js(function: Callable[..., Awaitable[T] | T], /, *args: Any) -> T:
    """``function(*args)``, awaited if it returns an awaitable, with JS exceptions translated.

    A JS exception raised by the call itself (a binding method throwing synchronously) or by the
    promise it returns becomes a :class:`JsError`. Typical use::

        result = await invoke_js(self._js.put, key, payload, options)
    """
    with js_errors():
        return await await_maybe(function(*args))
