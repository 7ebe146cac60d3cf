"""Workflows contract: every operation of specs/workflows.json (all overlay additions), sync and async.

Prism answers with the additions' examples: these tests check that our requests conform (any
``sl-violations`` fails the test) and that the examples structure into our models.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.workflows.management import (
    EventSent,
    Instance,
    InstanceCreateRequest,
    InstanceDetails,
    InstanceSummary,
    RetentionInput,
    StatusChange,
    StepOutput,
    Version,
    VersionGraph,
    Workflow,
    WorkflowUpdateResult,
)

WF = "my-workflow"
INSTANCE = "instance-1"
VERSION = "d9a8e9b6-9f3a-4c8e-b9e2-0c6c3f6b0a11"


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("workflows", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("workflows", "async")


def _batch() -> list[InstanceCreateRequest]:
    return [
        InstanceCreateRequest(instance_id="a", params='{"n": 1}'),
        InstanceCreateRequest(
            params='{"n": 2}', instance_retention=RetentionInput(success_retention="1 day")
        ),
    ]


def test_workflows_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as wf:
        listed = wf.workflows.list(search="my", per_page=10).to_list()
        fetched = wf.workflows.get(WF)
        updated = wf.workflows.update(WF, script_name="my-worker", class_name="MyWorkflow")
        assert wf.workflows.delete(WF) is None
    assert listed and all(isinstance(w, Workflow) for w in listed)
    assert isinstance(fetched, Workflow) and fetched.instances
    assert isinstance(updated, WorkflowUpdateResult) and updated.version_id


async def test_workflows_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as wf:
        listed = await wf.workflows.list().to_list()
        fetched = await wf.workflows.get(WF)
        updated = await wf.workflows.update(
            WF,
            script_name="my-worker",
            class_name="MyWorkflow",
            default_retention=RetentionInput(error_retention=86_400_000),
        )
        assert await wf.workflows.delete(WF) is None
    assert listed and all(isinstance(w, Workflow) for w in listed)
    assert isinstance(fetched, Workflow)
    assert isinstance(updated, WorkflowUpdateResult)


def test_instances_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as wf:
        created = wf.instances.create(WF, instance_id=INSTANCE, params='{"user": "ada"}')
        batch = wf.instances.bulk(WF, instances=_batch()).to_list()
        listed = wf.instances.list(WF, status="running", direction="desc").to_list()
        details = wf.instances.get(WF, INSTANCE, order="desc")
        step = wf.instances.step(WF, INSTANCE, name="fetch-user-1", step_type="step", attempt=1)
        sent = wf.instances.send_event(WF, INSTANCE, "approval", payload={"approved": True})
    assert isinstance(created, Instance) and created.status
    assert batch and all(isinstance(i, Instance) for i in batch)
    assert listed and all(isinstance(i, InstanceSummary) for i in listed)
    assert isinstance(details, InstanceDetails) and details.steps
    assert isinstance(step, StepOutput)
    assert isinstance(sent, EventSent) and sent.instance_id


async def test_instances_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as wf:
        created = await wf.instances.create(WF, location_hint="weur")
        batch = await wf.instances.bulk(WF, instances=_batch()).to_list()
        listed = await wf.instances.list(WF).to_list()
        details = await wf.instances.get(WF, INSTANCE, simple="true")
        step = await wf.instances.step(WF, INSTANCE, name="approval-1", step_type="waitForEvent")
        sent = await wf.instances.send_event(WF, INSTANCE, "approval", payload=[1, 2])
    assert isinstance(created, Instance)
    assert batch and all(isinstance(i, Instance) for i in batch)
    assert listed and all(isinstance(i, InstanceSummary) for i in listed)
    assert isinstance(details, InstanceDetails)
    assert isinstance(step, StepOutput)
    assert isinstance(sent, EventSent)


def test_instance_status_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as wf:
        changes = [
            wf.instances.pause(WF, INSTANCE),
            wf.instances.resume(WF, INSTANCE),
            wf.instances.terminate(WF, INSTANCE, rollback=True),
            wf.instances.restart(WF, INSTANCE),
            wf.instances.restart(WF, INSTANCE, from_step="fetch", count=2, step_type="do"),
        ]
    assert all(isinstance(c, StatusChange) for c in changes)


async def test_instance_status_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as wf:
        changes = [
            await wf.instances.pause(WF, INSTANCE),
            await wf.instances.resume(WF, INSTANCE),
            await wf.instances.terminate(WF, INSTANCE),
            await wf.instances.restart(WF, INSTANCE, from_step="fetch"),
        ]
    assert all(isinstance(c, StatusChange) for c in changes)


def test_versions_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as wf:
        listed = wf.versions.list(WF).to_list()
        fetched = wf.versions.get(WF, VERSION)
        graph = wf.versions.graph(WF, VERSION)
    assert listed and all(isinstance(v, Version) for v in listed)
    assert isinstance(fetched, Version) and fetched.language
    assert isinstance(graph, VersionGraph) and graph.graph is not None


async def test_versions_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as wf:
        listed = await wf.versions.list(WF, per_page=5).to_list()
        fetched = await wf.versions.get(WF, VERSION)
        graph = await wf.versions.graph(WF, VERSION)
    assert listed and all(isinstance(v, Version) for v in listed)
    assert isinstance(fetched, Version)
    assert isinstance(graph, VersionGraph)
