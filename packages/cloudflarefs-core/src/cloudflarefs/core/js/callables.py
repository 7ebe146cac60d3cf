"""Python callables handed to JS for the duration of a call (callbacks JS invokes later)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator
from typing import Any

from cloudflarefs.core.js.backend import backend


@contextlib.contextmanager
def js_function(fn: Callable[..., Any]) -> Generator[Any]:
    """A JS-callable proxy of ``fn``, valid inside the block and destroyed when it exits.

    Passing a Python function straight to JS gives JS a *borrowed* proxy that dies when the call
    returns, so an API that calls back later (``storage.transaction(cb)``,
    ``blockConcurrencyWhile(cb)``) would hit a destroyed proxy. Await the JS call inside the
    block. Backends without ``new_function`` (host fakes) get ``fn`` itself.
    """
    make: Callable[[Callable[..., Any]], Any] | None = getattr(backend(), "new_function", None)
    if make is None:
        yield fn
        return
    proxy = make(fn)
    try:
        yield proxy
    finally:
        proxy.destroy()
