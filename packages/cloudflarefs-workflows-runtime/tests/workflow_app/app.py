"""Python Workflows exercised by the tests (they run under Miniflare's Workflows engine)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from cloudflarefs.core.js import JsError
from cloudflarefs.workflows.runtime import (
    NonRetryableError,
    RetryConfig,
    StepConfig,
    WorkflowEntrypoint,
    WorkflowEvent,
    WorkflowStep,
)

# How often each (instance, step) body ran, and how often run() started, per instance. The
# tests read these to tell executed steps from replayed ones.
EXECUTIONS: Counter[str] = Counter()


def executions(instance_id: str, what: str) -> int:
    """How many times ``what`` ran for ``instance_id``."""
    return EXECUTIONS[f"{instance_id}:{what}"]


class Pipeline(WorkflowEntrypoint):
    """A retried step, a sleep, a waited-for event, then a decorated final step."""

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> Any:
        iid = event.instance_id
        EXECUTIONS[f"{iid}:run"] += 1

        def flaky() -> dict[str, Any]:
            EXECUTIONS[f"{iid}:flaky"] += 1
            if EXECUTIONS[f"{iid}:flaky"] == 1:
                raise RuntimeError("the first attempt fails")
            return {"attempt": EXECUTIONS[f"{iid}:flaky"], "payload": event.payload}

        retry = StepConfig(retries=RetryConfig(limit=2, delay="1 second", backoff="constant"))
        first = await step.do("flaky", flaky, config=retry)
        await step.sleep("nap", "1 second")
        EXECUTIONS[f"{iid}:reached approval"] += 1
        approval = await step.wait_for_event("approval", "approved", timeout="1 hour")

        @step.do("finish")
        async def finish() -> dict[str, Any]:
            EXECUTIONS[f"{iid}:finish"] += 1
            return {
                "first": first,
                "approved_by": approval.payload,
                "event_type": approval.type,
                "nothing": None,
                "workflow": event.workflow_name,
                "created_is_utc": event.timestamp.tzinfo is dt.UTC,
            }

        return await finish()


class Echo(WorkflowEntrypoint):
    """Returns its params after one step; waits for a "go" event when asked to."""

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> Any:
        payload: Any = event.payload
        if isinstance(payload, dict) and payload.get("wait"):
            await step.wait_for_event("go", "go")

        @step.do()  # named after the function: "echo"
        async def echo() -> Any:
            return payload

        return await echo()


class Strict(WorkflowEntrypoint):
    """A NonRetryableError ends the instance at once; a non-JSON result is refused."""

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> Any:
        iid = event.instance_id

        def refuse() -> None:
            EXECUTIONS[f"{iid}:refuse"] += 1
            raise NonRetryableError("bad order, do not retry")

        def not_json() -> Any:
            EXECUTIONS[f"{iid}:not_json"] += 1
            return {1, 2}

        many = StepConfig(retries=RetryConfig(limit=5, delay=0))
        fn = not_json if event.payload == "not json" else refuse
        await step.do("strict", fn, config=many)
        return "unreachable"


class Timer(WorkflowEntrypoint):
    """sleep_until a moment derived from the event (stable across replays), then an event wait
    that times out and is handled."""

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> Any:
        await step.sleep_until("until", event.timestamp + dt.timedelta(seconds=1))
        woke = await step.do("woke", lambda: dt.datetime.now(dt.UTC).timestamp() * 1000)
        try:
            await step.wait_for_event("never", "never-sent", timeout="1 second")
        except JsError as exc:
            return {"woke_after_ms": woke - event.timestamp.timestamp() * 1000, "timeout": exc.name}
        return "an event nobody sent arrived"


class GiveUp(WorkflowEntrypoint):
    """A step that always fails: after its retries, run() catches the error and carries on."""

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> Any:
        iid = event.instance_id

        def always_fails() -> None:
            EXECUTIONS[f"{iid}:always_fails"] += 1
            raise ValueError("still broken")

        try:
            await step.do(
                "doomed", always_fails, config=StepConfig(retries=RetryConfig(limit=1, delay=0))
            )
        except JsError as exc:
            return {"caught": exc.js_message}
        return "the doomed step succeeded"
