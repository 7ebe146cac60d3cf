"""Test helpers: poll until the engine (which runs asynchronously) gets somewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from cloudflarefs.workflows.runtime import InstanceStatus, InstanceStatusResult, WorkflowInstance

MAX_POLLS = 600  # a bound on polls, not a time limit: 600 * 50 ms is far above any step here


async def wait_for(instance: WorkflowInstance, *wanted: InstanceStatus) -> InstanceStatusResult:
    """The first status of ``instance`` in ``wanted``; AssertionError if it never gets there."""
    seen = None
    for _ in range(MAX_POLLS):
        seen = await instance.status()
        if seen.status in wanted:
            return seen
        if seen.status.is_finished:
            break
        await asyncio.sleep(0.05)
    raise AssertionError(f"{instance.id} never reached {wanted}; last status {seen}")


async def wait_until(what: str, check: Callable[[], bool]) -> None:
    """Return once ``check()`` holds; AssertionError naming ``what`` if it never does."""
    for _ in range(MAX_POLLS):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")
