"""D1's JS errors as a typed exception."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

from cloudflarefs.core.js import JsError, await_maybe, js_errors

T = TypeVar("T")

_CODE = re.compile(r"^(D1_[A-Z_]+)\b")


class D1Error(JsError):
    """A D1 failure raised by the binding (bad SQL, constraint violation, type errors...).

    Attributes:
        code: the ``D1_*`` prefix of the message (``"D1_ERROR"``, ``"D1_TYPE_ERROR"``,
            ``"D1_EXEC_ERROR"``, ``"D1_COLUMN_NOTFOUND"``, ``"D1_DUMP_ERROR"``...), or ``""``.
    """

    def __init__(self, name: str, message: str, stack: str = "", *, js_error: Any = None) -> None:
        super().__init__(name, message, stack, js_error=js_error)
        match = _CODE.match(message)
        self.code = match.group(1) if match else ""


def as_d1_error(error: JsError) -> JsError:
    """``error`` as a :class:`D1Error` when its message carries a ``D1_*`` code."""
    if isinstance(error, D1Error) or not _CODE.match(error.js_message):
        return error
    return D1Error(error.name, error.js_message, error.stack, js_error=error.js_error)


@contextlib.contextmanager
def d1_errors() -> Generator[None]:
    """Re-raise JS exceptions in the block as :class:`D1Error` (or :class:`JsError`)."""
    try:
        with js_errors():
            yield
    except JsError as exc:
        specific = as_d1_error(exc)
        if specific is exc:
            raise
        raise specific from exc.__cause__


async def call_d1(call: Callable[[], Awaitable[T] | T]) -> T:
    """Make a binding call and await its result (a promise, or a plain value through
    Miniflare's proxy); JS errors thrown synchronously or by the promise become D1Error."""
    with d1_errors():
        return await await_maybe(call())
