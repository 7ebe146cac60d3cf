"""Calling the JS binding with JS errors translated."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from cloudflarefs.core.js import await_maybe, js_errors

T = TypeVar("T")


async def call_binding(call: Callable[[], Awaitable[T] | T]) -> T:
    """Make a binding call and await its result; JS errors, thrown synchronously or by the
    promise, become :class:`~cloudflarefs.core.js.JsError`."""
    with js_errors():
        return await await_maybe(call())
