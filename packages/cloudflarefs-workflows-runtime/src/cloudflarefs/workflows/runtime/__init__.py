"""Typed Cloudflare Workflows for Python Workers.

Binding side (any Worker)::

    from cloudflarefs.workflows.runtime import Workflow

    orders = Workflow(env.ORDERS)
    instance = await orders.create(params={"order": 42})
    state = await instance.status()            # InstanceStatusResult(status=..., output=...)
    await instance.send_event("approved", {"by": "ana"})

Workflow side: subclass :class:`WorkflowEntrypoint` and use ``step.do``, ``step.sleep``,
``step.sleep_until`` and ``step.wait_for_event``.
"""

from cloudflarefs.workflows.runtime._binding import (
    CreateOptions,
    InstanceError,
    InstanceStatus,
    InstanceStatusResult,
    Retention,
    Workflow,
    WorkflowInstance,
)
from cloudflarefs.workflows.runtime._durations import Duration
from cloudflarefs.workflows.runtime._entrypoint import WorkflowEntrypoint, WorkflowEvent
from cloudflarefs.workflows.runtime._json import JsonValue
from cloudflarefs.workflows.runtime._step import (
    Backoff,
    NonRetryableError,
    RetryConfig,
    StepConfig,
    WorkflowStep,
    WorkflowStepEvent,
)
from cloudflarefs.workflows.runtime._version import __version__

__all__ = [
    "Backoff",
    "CreateOptions",
    "Duration",
    "InstanceError",
    "InstanceStatus",
    "InstanceStatusResult",
    "JsonValue",
    "NonRetryableError",
    "Retention",
    "RetryConfig",
    "StepConfig",
    "Workflow",
    "WorkflowEntrypoint",
    "WorkflowEvent",
    "WorkflowInstance",
    "WorkflowStep",
    "WorkflowStepEvent",
    "__version__",
]
