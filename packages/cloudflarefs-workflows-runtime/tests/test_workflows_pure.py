"""Host-side checks of the Workflows wrappers' validation and result structuring (no JS)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.workflows.runtime import (
    CreateOptions,
    InstanceStatus,
    Retention,
    RetryConfig,
    StepConfig,
    WorkflowEntrypoint,
    WorkflowEvent,
)
from cloudflarefs.workflows.runtime._binding import check_instance_id, status_from_py
from cloudflarefs.workflows.runtime._durations import check_duration
from cloudflarefs.workflows.runtime._entrypoint import event_from_js
from cloudflarefs.workflows.runtime._json import check_json
from cloudflarefs.workflows.runtime._step import check_step_name

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_json_values_are_accepted_unchanged(value: Any) -> None:
    assert check_json("params", value) is value
    json.dumps(value)


@pytest.mark.parametrize(
    "bad",
    [{1, 2}, b"bytes", dt.datetime.now(dt.UTC), {"k": object()}, {1: "int key"}, float("nan")],
)
def test_non_json_values_are_refused_naming_the_value(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="params"):
        check_json("params", bad)


def test_status_keeps_unknown_states_and_fields() -> None:
    result = status_from_py({"status": "hibernating", "output": None, "__debug": [1]})
    assert result.status == "hibernating" and not result.status.is_known
    assert result.extra == {"__debug": [1]}
    done = status_from_py({"status": "errored", "error": {"name": "E", "message": "boom"}})
    assert done.status is InstanceStatus.ERRORED and done.status.is_finished
    assert done.error is not None and (done.error.name, done.error.message) == ("E", "boom")
    with pytest.raises(ResponseDecodeError):
        status_from_py({"output": 1})


@given(st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,99}", fullmatch=True))
def test_valid_instance_ids_pass(instance_id: str) -> None:
    assert check_instance_id(instance_id) == instance_id


@pytest.mark.parametrize("bad", ["", "-lead", "has space", "x" * 101, "ü", 7, None])
def test_bad_instance_ids_are_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="instance id"):
        check_instance_id(bad)


def test_durations_accept_words_ms_and_timedeltas() -> None:
    assert check_duration("d", "10 seconds") == "10 seconds"
    assert check_duration("d", "1 hour") == "1 hour"
    assert check_duration("d", 1500) == 1500
    assert check_duration("d", dt.timedelta(minutes=1)) == 60_000
    for bad in ("soon", "10 fortnights", -1, True, 1.5):
        with pytest.raises(InvalidInputError, match="d"):
            check_duration("d", bad)


def test_configs_build_the_js_shapes_and_validate() -> None:
    config = StepConfig(
        retries=RetryConfig(limit=3, delay="5 seconds", backoff="exponential"), timeout="1 minute"
    )
    assert config.to_js_dict() == {
        "retries": {"limit": 3, "delay": "5 seconds", "backoff": "exponential"},
        "timeout": "1 minute",
    }
    with pytest.raises(InvalidInputError, match="limit"):
        RetryConfig(limit=-1, delay=0).to_js_dict()
    with pytest.raises(InvalidInputError, match="backoff"):
        RetryConfig(limit=1, delay=0, backoff="random").to_js_dict()  # pyright: ignore[reportArgumentType]
    options = CreateOptions(id="a", params={"x": 1}, retention=Retention(error_retention=60_000))
    assert options.to_js_dict() == {
        "id": "a",
        "params": {"x": 1},
        "retention": {"errorRetention": 60_000},
    }


@pytest.mark.parametrize("bad", ["", "x" * 257, 3])
def test_step_names_are_checked(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="step name"):
        check_step_name(bad)


def test_event_from_a_plain_mapping() -> None:
    event = event_from_js(
        {"payload": {"a": 1}, "timestamp": 0, "instanceId": "i1", "workflowName": "wf", "x": 2}
    )
    assert event == WorkflowEvent(
        payload={"a": 1},
        timestamp=dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        instance_id="i1",
        workflow_name="wf",
        extra={"x": 2},
    )
    with pytest.raises(ResponseDecodeError):
        event_from_js({"payload": None})


def test_subclass_run_is_wrapped_once_and_refuses_non_json_output() -> None:
    class Bad(WorkflowEntrypoint):
        async def run(self, event: WorkflowEvent, step: Any) -> Any:
            return {"when": dt.datetime.now(dt.UTC)}

    class Child(Bad):
        pass

    assert getattr(Bad.run, "__cfh_typed_run__", False)
    assert Child.run is Bad.run
