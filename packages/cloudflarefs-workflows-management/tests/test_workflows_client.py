"""The Workflows client's wire format: status verbs, events, checks before any request (sync and async)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.testing.http import Recorder, envelope
from cloudflarefs.workflows.management import InstanceStatus, WorkflowsClient
from cloudflarefs.workflows.management.aio import WorkflowsClient as AsyncWorkflowsClient

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
BASE = f"/client/v4/accounts/{ACCOUNT}/workflows/wf/instances/i1"
CHANGE = {"status": "paused", "timestamp": "2026-11-02T10:00:00Z"}


def _client(rec: Recorder) -> WorkflowsClient:
    return WorkflowsClient(api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def _body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_status_verbs_send_only_their_fields() -> None:
    rec = Recorder(lambda r: envelope(CHANGE))
    with _client(rec) as wf:
        wf.instances.pause("wf", "i1")
        wf.instances.resume("wf", "i1")
        wf.instances.terminate("wf", "i1")
        wf.instances.terminate("wf", "i1", rollback=True)
        wf.instances.restart("wf", "i1")
        wf.instances.restart("wf", "i1", from_step="charge", count=2, step_type="do")
    assert {(r.method, r.url.path) for r in rec.requests} == {("PATCH", f"{BASE}/status")}
    assert [_body(r) for r in rec.requests] == [
        {"status": "pause"},
        {"status": "resume"},
        {"status": "terminate"},
        {"status": "terminate", "rollback": True},
        {"status": "restart"},
        {"status": "restart", "from": {"name": "charge", "count": 2, "type": "do"}},
    ]


async def test_status_verbs_async() -> None:
    rec = Recorder(lambda r: envelope(CHANGE))
    async with AsyncWorkflowsClient(
        api_token="t", account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as wf:
        change = await wf.instances.restart("wf", "i1", from_step="charge")
    assert change.status is InstanceStatus.PAUSED
    assert _body(rec.requests[0]) == {"status": "restart", "from": {"name": "charge"}}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 2}, "need from_step"),
        ({"step_type": "do"}, "need from_step"),
        ({"from_step": " "}, "from_step must be a non-empty string"),
        ({"from_step": "charge", "count": 0}, "count must be at least 1"),
    ],
)
def test_bad_restart_points_fail_before_any_request(kwargs: dict[str, Any], message: str) -> None:
    rec = Recorder(lambda r: envelope(CHANGE))
    with _client(rec) as wf, pytest.raises(InvalidInputError, match=message):
        wf.instances.restart("wf", "i1", **kwargs)
    assert rec.requests == []


def test_ids_and_step_names_are_checked_before_any_request() -> None:
    rec = Recorder(lambda r: envelope({}))
    with _client(rec) as wf:
        with pytest.raises(InvalidInputError, match="workflow_name"):
            wf.instances.pause("", "i1")
        with pytest.raises(InvalidInputError, match="name must be a non-empty string"):
            wf.instances.step("wf", "i1", name="", step_type="step")
        with pytest.raises(InvalidInputError, match="script_name"):
            wf.workflows.update("wf", script_name=" ", class_name="C")
        with pytest.raises(InvalidInputError, match="instance_id"):
            wf.instances.create("wf", instance_id="")
    assert rec.requests == []


def test_send_event_posts_the_payload_as_is() -> None:
    rec = Recorder(lambda r: envelope({"instanceId": "i1", "timestamp": "2026-11-02T10:00:00Z"}))
    with _client(rec) as wf:
        sent = wf.instances.send_event("wf", "i1", "approval", payload={"ok": True, "n": [1]})
    request = rec.requests[0]
    assert (request.method, request.url.path) == ("POST", f"{BASE}/events/approval")
    assert _body(request) == {"ok": True, "n": [1]}
    assert sent.instance_id == "i1"


def test_unknown_statuses_and_fields_are_kept() -> None:
    instance = {
        "id": "i1",
        "status": "hibernating",
        "version_id": "v1",
        "workflow_id": "w1",
        "priority": 7,
    }
    rec = Recorder(lambda r: envelope(instance))
    with _client(rec) as wf:
        created = wf.instances.create("wf", params='{"a": 1}', location_hint="weur")
    assert created.status == "hibernating" and created.extra == {"priority": 7}
    assert _body(rec.requests[0]) == {"params": '{"a": 1}', "location_hint": "weur"}
