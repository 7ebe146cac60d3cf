"""The async Workflows management client: ``from cloudflarefs.workflows.management.aio import WorkflowsClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.workflows.management._aio_resources import WorkflowsInstances
from cloudflarefs.workflows.management._generated.aio import (
    WorkflowsVersions,
    WorkflowsWorkflows,
)
from cloudflarefs.workflows.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "WorkflowsClient",
    "WorkflowsInstances",
    "WorkflowsVersions",
    "WorkflowsWorkflows",
]

USER_AGENT_PRODUCT = f"cloudflarefs-workflows-management/{__version__}"


class WorkflowsClient(AsyncServiceClient):
    """Workflows management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with WorkflowsClient(api_token="...", account_id="...") as wf:  # doctest: +SKIP
        ...     started = await wf.instances.create("my-workflow", params='{"user": "ada"}')
        ...     await wf.instances.pause("my-workflow", started.id)
    """

    user_agent_product = USER_AGENT_PRODUCT

    workflows: WorkflowsWorkflows
    """Workflow definitions: list, get, create or update (``update``), delete."""
    instances: WorkflowsInstances
    """Instances of a workflow: create, list, get, events, pause/resume/terminate/restart."""
    versions: WorkflowsVersions
    """Deployed versions of a workflow and their step graphs."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.workflows = WorkflowsWorkflows(http)
        self.instances = WorkflowsInstances(http)
        self.versions = WorkflowsVersions(http)
