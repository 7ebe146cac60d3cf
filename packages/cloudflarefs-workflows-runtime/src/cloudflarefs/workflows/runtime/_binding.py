"""``Workflow``: the typed façade over a Workflow binding, and its ``WorkflowInstance``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.enums import OpenStrEnum
from cloudflarefs.core.js import call_js, from_js, to_js
from cloudflarefs.workflows.runtime._durations import Duration, check_duration
from cloudflarefs.workflows.runtime._json import JsonValue, check_json

# Cloudflare: instance ids are 1-100 characters of letters, digits, "-" and "_".
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$")
_EVENT_TYPE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$")
MAX_BATCH = 100


class InstanceStatus(OpenStrEnum):
    """Lifecycle state of a Workflow instance (unknown future states are kept as-is)."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    ERRORED = "errored"
    TERMINATED = "terminated"
    COMPLETE = "complete"
    WAITING = "waiting"
    WAITING_FOR_PAUSE = "waitingForPause"
    UNKNOWN = "unknown"

    @property
    def is_finished(self) -> bool:
        """Whether the instance will not run again unless restarted."""
        return self in (InstanceStatus.ERRORED, InstanceStatus.TERMINATED, InstanceStatus.COMPLETE)


@attrs.frozen
class InstanceError:
    """Why an instance errored: the JS error's ``name`` and ``message``."""

    name: str
    message: str


@attrs.frozen
class InstanceStatusResult:
    """What ``status()`` reports.

    Attributes:
        status: the lifecycle state.
        error: set when the instance errored.
        output: the value ``run()`` returned (JSON; ``None`` when it returned nothing or null).
        extra: fields the runtime sent that this version does not know, kept verbatim.
    """

    status: InstanceStatus
    error: InstanceError | None = None
    output: JsonValue = None
    extra: dict[str, Any] = attrs.field(factory=dict[str, Any])


def status_from_py(data: object) -> InstanceStatusResult:
    """Structure the converted JS ``{status, error?, output?}``."""
    if not isinstance(data, dict) or not isinstance(data.get("status"), str):  # pyright: ignore[reportUnknownMemberType]
        raise ResponseDecodeError(f"expected a Workflow instance status, got {data!r}")
    raw: dict[str, Any] = dict(data)  # pyright: ignore[reportUnknownArgumentType]
    error: InstanceError | None = None
    err = raw.pop("error", None)
    if isinstance(err, Mapping):
        e: Mapping[str, Any] = err  # pyright: ignore[reportUnknownVariableType]
        error = InstanceError(name=str(e.get("name", "Error")), message=str(e.get("message", "")))
    elif err is not None:
        error = InstanceError(name="Error", message=str(err))
    return InstanceStatusResult(
        status=InstanceStatus(raw.pop("status")),
        error=error,
        output=raw.pop("output", None),
        extra=raw,
    )


def check_instance_id(instance_id: object) -> str:
    """An instance id: 1-100 letters, digits, ``-`` or ``_`` (not starting with ``-``)."""
    if not isinstance(instance_id, str):
        raise InvalidInputTypeError(f"instance id must be a str, got {type(instance_id).__name__}")
    if not _ID.match(instance_id):
        raise InvalidInputError(
            f"instance id must be 1-100 letters, digits, '-' or '_', got {instance_id!r}"
        )
    return instance_id


@attrs.frozen(kw_only=True)
class Retention:
    """How long a finished instance's state is kept (``"1 day"`` or milliseconds)."""

    success_retention: Duration | None = None
    error_retention: Duration | None = None

    def to_js_dict(self) -> dict[str, Any]:
        """The JS ``{successRetention?, errorRetention?}``."""
        out: dict[str, Any] = {}
        if self.success_retention is not None:
            out["successRetention"] = check_duration("success_retention", self.success_retention)
        if self.error_retention is not None:
            out["errorRetention"] = check_duration("error_retention", self.error_retention)
        return out


@attrs.frozen(kw_only=True)
class CreateOptions:
    """One instance to create in :meth:`Workflow.create_batch`."""

    id: str | None = None
    params: JsonValue = None
    retention: Retention | None = None

    def to_js_dict(self) -> dict[str, Any]:
        """Validate and build the JS ``WorkflowInstanceCreateOptions``."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = check_instance_id(self.id)
        if self.params is not None:
            out["params"] = check_json("params", self.params)
        if self.retention is not None:
            if not isinstance(self.retention, Retention):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputError("retention must be a Retention")
            out["retention"] = self.retention.to_js_dict()
        return out


class WorkflowInstance:
    """A handle on one instance: ``await instance.status()``, ``pause()``, ``send_event(...)``."""

    __slots__ = ("_js", "id")

    def __init__(self, js_instance: Any) -> None:
        self._js: Any = js_instance
        instance_id = js_instance.id
        if not isinstance(instance_id, str):
            raise ResponseDecodeError(f"a Workflow instance without a str id: {instance_id!r}")
        self.id: str = instance_id
        """The instance id (given to ``create`` or generated)."""

    def __repr__(self) -> str:
        return f"WorkflowInstance(id={self.id!r})"

    async def status(self) -> InstanceStatusResult:
        """The instance's current state, error and output."""
        return status_from_py(from_js(await call_js(self._js.status()), objects="all"))

    async def pause(self) -> None:
        """Pause the instance after its current step."""
        await call_js(self._js.pause())

    async def resume(self) -> None:
        """Resume a paused instance."""
        await call_js(self._js.resume())

    async def terminate(self) -> None:
        """Stop the instance for good (status ``terminated``)."""
        await call_js(self._js.terminate())

    async def restart(self) -> None:
        """Run the instance again from the start, discarding its step results."""
        await call_js(self._js.restart())

    async def send_event(self, type: str, payload: JsonValue = None) -> None:
        """Deliver an event to a ``step.wait_for_event(..., type)`` of this instance.

        ``type`` is 1-100 letters, digits, ``-`` or ``_``; ``payload`` must be JSON.
        """
        if not isinstance(type, str) or not _EVENT_TYPE.match(type):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(
                f"event type must be 1-100 letters, digits, '-' or '_', got {type!r}"
            )
        event: dict[str, Any] = {"type": type, "payload": check_json("event payload", payload)}
        await call_js(self._js.sendEvent(to_js(event, none_as="null")))


class Workflow:
    """Typed façade over a Workflow binding: ``orders = Workflow(env.ORDER_WORKFLOW)``."""

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("Workflow needs a Workflow binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "Workflow(<binding>)"

    async def create(
        self,
        id: str | None = None,
        params: JsonValue = None,
        retention: Retention | None = None,
    ) -> WorkflowInstance:
        """Start a new instance; ``params`` (JSON) becomes ``event.payload`` of its ``run``.

        Raises :class:`~cloudflarefs.core.InvalidInputError` before the call for a bad id,
        non-JSON params or retention, and :class:`~cloudflarefs.core.js.JsError` when the
        runtime refuses (for example an id that already exists).
        """
        options = CreateOptions(id=id, params=params, retention=retention).to_js_dict()
        js_instance = await call_js(self._js.create(to_js(options, none_as="null")))
        return WorkflowInstance(js_instance)

    async def create_batch(self, instances: Sequence[CreateOptions]) -> list[WorkflowInstance]:
        """Start up to 100 instances in one call (all validated before any is created)."""
        if isinstance(instances, str | bytes) or not isinstance(instances, Sequence):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("create_batch takes a sequence of CreateOptions")
        if not 1 <= len(instances) <= MAX_BATCH:
            raise InvalidInputError(
                f"create_batch takes 1 to {MAX_BATCH} instances, got {len(instances)}"
            )
        items: list[dict[str, Any]] = []
        for i, item in enumerate(instances):
            if not isinstance(item, CreateOptions):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputTypeError(
                    f"create_batch item {i} must be a CreateOptions, got {type(item).__name__}"
                )
            items.append(item.to_js_dict())
        created = await call_js(self._js.createBatch(to_js(items, none_as="null")))
        return [WorkflowInstance(js) for js in _items(created)]

    async def get(self, id: str) -> WorkflowInstance:
        """A handle on an existing instance (JsError when there is none)."""
        return WorkflowInstance(await call_js(self._js.get(check_instance_id(id))))


def _items(js_array: Any) -> list[Any]:
    to_py: Any = getattr(js_array, "to_py", None)
    items: Any = to_py(depth=1) if callable(to_py) else js_array
    return list(items)
