"""Waiting for asynchronous deliveries (queues) without timing assertions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

ATTEMPTS = 600  # a bound on polls (not a speed requirement): 600 x 0.1 s
PAUSE = 0.1


def eventually(check: Callable[[], T | None]) -> T:
    """Poll ``check`` until it returns something other than ``None``."""
    for _ in range(ATTEMPTS):
        found = check()
        if found is not None:
            return found
        time.sleep(PAUSE)
    raise AssertionError("the expected delivery never happened")


async def eventually_async(check: Callable[[], Awaitable[T | None]]) -> T:
    """Async :func:`eventually`."""
    for _ in range(ATTEMPTS):
        found = await check()
        if found is not None:
            return found
        await asyncio.sleep(PAUSE)
    raise AssertionError("the expected delivery never happened")
