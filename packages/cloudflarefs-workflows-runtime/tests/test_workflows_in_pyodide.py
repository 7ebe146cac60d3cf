"""Python Workflows and the Workflow binding inside Pyodide, under Miniflare's Workflows engine.

The classes in ``workflow_app/app.py`` run through JS facades, so retries, sleeps, events and
stored step results are Miniflare's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudflarefs.testing import WorkerFixture

APP = Path(__file__).parent / "workflow_app"


@pytest.fixture
def app(worker: WorkerFixture) -> WorkerFixture:
    worker.load(APP)
    return worker


def test_a_python_workflow_retries_sleeps_waits_and_replays_after_a_restart(
    app: WorkerFixture,
) -> None:
    async def body(env):
        from app import executions
        from polling import wait_for, wait_until

        from cloudflarefs.workflows.runtime import InstanceStatus, Workflow

        pipeline = Workflow(env.PIPELINE)
        instance = await pipeline.create(id="order-1", params={"order": 1})
        # The retried step and the sleep pass; the instance then waits for its event.
        await wait_until("first wait", lambda: executions("order-1", "reached approval") == 1)
        assert executions("order-1", "flaky") == 2, "failed once, then succeeded on retry"
        # A simulated restart between steps: pause, then resume, makes the engine run run()
        # again from the top. Completed steps must be replayed from storage, not re-executed.
        await instance.pause()
        await wait_for(instance, InstanceStatus.PAUSED)
        await instance.resume()
        await wait_until("second wait", lambda: executions("order-1", "reached approval") == 2)
        assert executions("order-1", "run") == 2, "run() did not start again after resume"
        assert executions("order-1", "flaky") == 2, "a completed step ran again"
        await instance.send_event("approved", {"by": "ana"})
        done = await wait_for(instance, InstanceStatus.COMPLETE, InstanceStatus.ERRORED)
        assert done.status is InstanceStatus.COMPLETE, done
        assert done.error is None, done
        assert done.output == {
            "first": {"attempt": 2, "payload": {"order": 1}},
            "approved_by": {"by": "ana"},
            "event_type": "approved",
            "nothing": None,
            "workflow": "pipeline",
            "created_is_utc": True,
        }, done.output
        assert executions("order-1", "finish") == 1
        return executions("order-1", "run")

    assert app.run(body) == 2  # started, then once more on resume; the event needed no replay


def test_non_retryable_error_ends_the_instance_as_errored(app: WorkerFixture) -> None:
    async def body(env):
        from app import executions
        from polling import wait_for

        from cloudflarefs.workflows.runtime import InstanceStatus, Workflow

        strict = Workflow(env.STRICT)
        for iid, payload in (("refused", None), ("not-json", "not json")):
            instance = await strict.create(id=iid, params=payload)
            done = await wait_for(instance, InstanceStatus.ERRORED, InstanceStatus.COMPLETE)
            assert done.status is InstanceStatus.ERRORED, done
            assert done.error is not None, done
            assert done.output is None, done
        # limit=5 retries were configured: neither step was retried.
        assert executions("refused", "refuse") == 1
        assert executions("not-json", "not_json") == 1
        # The engine's own verdict: the unhandled NonRetryableError ended the instance.
        for iid in ("refused", "not-json"):
            state = await (await strict.get(iid)).status()
            assert state.error is not None and "NonRetryableError" in state.error.message, state

    app.run(body)


def test_sleep_until_and_a_timed_out_event_wait(app: WorkerFixture) -> None:
    async def body(env):
        from polling import wait_for

        from cloudflarefs.workflows.runtime import InstanceStatus, Workflow

        instance = await Workflow(env.TIMER).create()
        done = await wait_for(instance, InstanceStatus.COMPLETE, InstanceStatus.ERRORED)
        assert done.status is InstanceStatus.COMPLETE, done
        # The step after sleep_until ran no earlier than the requested moment.
        assert done.output["woke_after_ms"] >= 1000, done.output
        assert done.output["timeout"], done.output

    app.run(body)


def test_a_step_that_exhausts_its_retries_raises_in_run(app: WorkerFixture) -> None:
    async def body(env):
        from app import executions
        from polling import wait_for

        from cloudflarefs.workflows.runtime import InstanceStatus, Workflow

        instance = await Workflow(env.GIVE_UP).create(id="give-up")
        done = await wait_for(instance, InstanceStatus.COMPLETE, InstanceStatus.ERRORED)
        assert done.status is InstanceStatus.COMPLETE, done
        assert "still broken" in done.output["caught"], done.output
        assert executions("give-up", "always_fails") == 2, "one attempt plus limit=1 retry"

    app.run(body)


def test_binding_create_get_status_pause_resume_terminate_and_batches(app: WorkerFixture) -> None:
    async def body(env):
        from polling import wait_for

        from cloudflarefs.core import InvalidInputError
        from cloudflarefs.workflows.runtime import (
            CreateOptions,
            InstanceStatus,
            InstanceStatusResult,
            Retention,
            Workflow,
            WorkflowInstance,
        )

        echo = Workflow(env.ECHO)
        plain = await echo.create(params={"a": [1, None, "x"]})
        assert isinstance(plain, WorkflowInstance) and plain.id, plain
        done = await wait_for(plain, InstanceStatus.COMPLETE)
        assert isinstance(done, InstanceStatusResult)
        assert done.output == {"a": [1, None, "x"]}, done.output

        held = await echo.create(
            id="held", params={"wait": True}, retention=Retention(success_retention="1 day")
        )
        await wait_for(held, InstanceStatus.RUNNING, InstanceStatus.WAITING)
        same = await echo.get("held")
        assert same.id == "held" and repr(same) == "WorkflowInstance(id='held')"
        await same.pause()
        await wait_for(held, InstanceStatus.PAUSED)
        await same.resume()
        await wait_for(held, InstanceStatus.WAITING, InstanceStatus.RUNNING)
        await held.send_event("go")
        assert (await wait_for(held, InstanceStatus.COMPLETE)).output == {"wait": True}

        doomed = await echo.create(id="doomed", params={"wait": True})
        await wait_for(doomed, InstanceStatus.RUNNING, InstanceStatus.WAITING)
        await doomed.terminate()
        assert (await wait_for(doomed, InstanceStatus.TERMINATED)).status.is_finished

        # restart runs a finished instance again from the start.
        await held.restart()
        await wait_for(held, InstanceStatus.RUNNING, InstanceStatus.WAITING)
        await held.send_event("go", None)
        assert (await wait_for(held, InstanceStatus.COMPLETE)).output == {"wait": True}

        batch = await echo.create_batch(
            [CreateOptions(id="b1", params=1), CreateOptions(id="b2", params="two")]
        )
        assert [i.id for i in batch] == ["b1", "b2"]
        outputs = [(await wait_for(i, InstanceStatus.COMPLETE)).output for i in batch]
        assert outputs == [1, "two"], outputs

        # Bad input never reaches the binding.
        bad_calls = [
            lambda: echo.create(id="no spaces allowed"),
            lambda: echo.create(params={"when": object()}),
            lambda: echo.create(params={1: "int key"}),
            lambda: echo.create(retention=Retention(error_retention="soon")),
            lambda: echo.create_batch([]),
            lambda: echo.create_batch([{"id": "dict"}]),
            lambda: echo.get(""),
            lambda: held.send_event("has space"),
            lambda: held.send_event("ok", b"bytes"),
        ]
        for i, call in enumerate(bad_calls):
            try:
                await call()
                raise AssertionError(f"bad call {i} was accepted")
            except InvalidInputError:
                pass

    app.run(body)
