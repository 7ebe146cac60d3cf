"""Management client for Cloudflare Workflows (cloudflarefs).

``WorkflowsClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.workflows.management.aio`.
"""

from cloudflarefs.workflows.management._client import WorkflowsClient
from cloudflarefs.workflows.management._generated.client import (
    WorkflowsVersions,
    WorkflowsWorkflows,
)
from cloudflarefs.workflows.management._generated.models import (
    EventSent,
    Instance,
    InstanceCreateRequest,
    InstanceCreateRequestLocationHint,
    InstanceDetails,
    InstanceStatus,
    InstanceSummary,
    RetentionInput,
    StatusChange,
    StatusChangeRequestFromType,
    Step,
    StepOutput,
    Version,
    VersionGraph,
    Workflow,
    WorkflowUpdateResult,
)
from cloudflarefs.workflows.management._resources import WorkflowsInstances
from cloudflarefs.workflows.management._version import __version__

__all__ = [
    "EventSent",
    "Instance",
    "InstanceCreateRequest",
    "InstanceCreateRequestLocationHint",
    "InstanceDetails",
    "InstanceStatus",
    "InstanceSummary",
    "RetentionInput",
    "StatusChange",
    "StatusChangeRequestFromType",
    "Step",
    "StepOutput",
    "Version",
    "VersionGraph",
    "Workflow",
    "WorkflowUpdateResult",
    "WorkflowsClient",
    "WorkflowsInstances",
    "WorkflowsVersions",
    "WorkflowsWorkflows",
    "__version__",
]
