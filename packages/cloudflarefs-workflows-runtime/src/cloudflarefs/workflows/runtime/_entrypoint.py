"""``WorkflowEntrypoint``: a typed base class for Workflows written in Python."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from cloudflarefs.core import ResponseDecodeError
from cloudflarefs.core.js import from_js, to_js
from cloudflarefs.workflows.runtime._json import JsonValue, check_json
from cloudflarefs.workflows.runtime._step import WorkflowStep


@attrs.frozen
class WorkflowEvent:
    """The ``event`` of :meth:`WorkflowEntrypoint.run`.

    Attributes:
        payload: the ``params`` given to ``create`` (JSON; ``None`` when there were none).
        timestamp: when the instance was created (aware, UTC).
        instance_id: the instance's id.
        workflow_name: the Workflow's name, when the runtime says.
        extra: other fields the runtime sent (kept verbatim).
    """

    payload: JsonValue
    timestamp: dt.datetime
    instance_id: str
    workflow_name: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict[str, Any])


def event_from_js(event: Any) -> WorkflowEvent:
    """Structure the runtime's ``{payload, timestamp, instanceId, workflowName?}``."""
    data: Any
    if isinstance(event, Mapping):
        data = dict(cast(Mapping[str, Any], event))
    else:
        data = from_js(event, objects="all")
    if not isinstance(data, dict):
        raise ResponseDecodeError(f"expected a Workflow event object, got {type(data).__name__}")
    raw: dict[str, Any] = dict(data)  # pyright: ignore[reportUnknownArgumentType]
    ts = raw.pop("timestamp", None)
    if isinstance(ts, int | float) and not isinstance(ts, bool):
        ts = dt.datetime.fromtimestamp(ts / 1000, tz=dt.UTC)
    instance_id = raw.pop("instanceId", None)
    if not isinstance(ts, dt.datetime) or not isinstance(instance_id, str):
        raise ResponseDecodeError("a Workflow event needs a Date timestamp and a str instanceId")
    name = raw.pop("workflowName", None)
    return WorkflowEvent(
        payload=raw.pop("payload", None),
        timestamp=ts,
        instance_id=instance_id,
        workflow_name=name if isinstance(name, str) else None,
        extra=raw,
    )


def _sdk_base() -> type[Any]:
    # The Python Workers runtime recognises Workflow classes by workers.WorkflowEntrypoint; on
    # host CPython (tests, type checking) the SDK is absent and ``object`` stands in.
    try:
        return importlib.import_module("workers").WorkflowEntrypoint
    except (ImportError, AttributeError):
        return object


if TYPE_CHECKING:
    _Base = object
else:
    _Base = _sdk_base()

RunMethod = Callable[[Any, WorkflowEvent, WorkflowStep], Awaitable[JsonValue]]


def _typed_run(run: RunMethod) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(run)
    async def entry(self: Any, event: Any, step: Any, /) -> Any:
        typed_event = event if isinstance(event, WorkflowEvent) else event_from_js(event)
        if not isinstance(step, WorkflowStep):
            # The SDK's step wrapper, if one was applied, keeps the runtime's step as _js_step.
            step = WorkflowStep(getattr(step, "_js_step", step))
        output = await run(self, typed_event, step)
        check_json("the output of run()", output)
        return to_js(output, none_as="null")

    setattr(entry, "__cfh_typed_run__", True)  # noqa: B010 (marks the wrapper, checked above)
    return entry


class WorkflowEntrypoint(_Base):
    """Subclass this (it extends ``workers.WorkflowEntrypoint`` when available) to write a
    Workflow in Python with a typed event and step::

        class Checkout(WorkflowEntrypoint):
            async def run(self, event: WorkflowEvent, step: WorkflowStep) -> JsonValue:
                order = await step.do("load order", lambda: load(event.payload["id"]))
                await step.sleep("cool down", "10 seconds")
                approval = await step.wait_for_event("approval", "approved", timeout="1 day")
                return {"order": order, "approved_by": approval.payload}

    The runtime calls ``run(event, step)`` with JS objects; this class converts them to
    :class:`WorkflowEvent` and :class:`WorkflowStep`, and checks that the returned output is
    JSON. It replaces the SDK's own argument conversion (it does not stack on it).
    """

    def __init__(self, ctx: Any, env: Any) -> None:
        self.ctx: Any = ctx
        """The runtime's ExecutionContext."""
        self.env: Any = env
        """The env as given (wrap bindings with the typed wrappers, e.g. ``Workflow(env.X)``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Deliberately not super().__init_subclass__(): the SDK's hook would wrap run() with its
        # own step wrapper and conversions, which this class replaces.
        run = cls.__dict__.get("run")
        if run is not None and not getattr(run, "__cfh_typed_run__", False):
            cls.run = _typed_run(run)  # pyright: ignore[reportAttributeAccessIssue]

    async def run(self, event: WorkflowEvent, step: WorkflowStep) -> JsonValue:
        """The Workflow's body: override it. Its return value (JSON) is the instance output."""
        raise NotImplementedError(f"{type(self).__name__} must define run(event, step)")
