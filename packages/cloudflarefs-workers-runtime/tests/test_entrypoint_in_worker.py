"""A WorkerEntrypoint (workers-runtime-sdk) using our Env, ExecutionContext, IncomingRequestCf,
Fetcher and ScheduledController, loaded with the harness' ``worker`` fixture and driven with
real fetch and scheduled events through Miniflare."""

from pathlib import Path

import pytest

from cloudflarefs.testing.pytest_plugin import WorkerFixture

SAMPLE = Path(__file__).parent / "sample_worker"
SECRET = "s3cr3t-value-never-printed"
ECHO = """
import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint {
  async fetch(request) { return new Response("echo:" + (await request.text()), { status: 201 }); }
}
"""
BINDINGS = {
    "kv": ["STATE"],
    "vars": {"GREETING": "hello", "LIMITS": {"rps": 5}},
    "secrets": {"API_KEY": SECRET},
    "version_metadata": "VER",
    "services": {"ECHO": "echo"},
    "workers": {"echo": ECHO},
}


@pytest.fixture
def app(worker: WorkerFixture) -> WorkerFixture:
    handlers = worker.load_module(SAMPLE, "entry", bindings=BINDINGS)
    assert handlers == ["fetch", "scheduled"]
    return worker


def read_state(worker: WorkerFixture, key: str) -> object:
    async def body(env, key):
        return await env.STATE.get(key)

    return worker.run(body, key=key)


def test_env_wraps_vars_secrets_version_and_optional_bindings(app: WorkerFixture) -> None:
    data = app.fetch("/env").json()
    assert data["greeting"] == "hello"
    assert data["limits"] == {"rps": 5}
    assert data["key_len"] == len(SECRET)
    assert len(data["version_id"]) == 36
    assert data["analytics"] is True
    assert SECRET not in data["env_repr"]
    assert "Secret('**********')" in data["env_repr"]


def test_request_cf_is_typed_and_keeps_unknown_keys(app: WorkerFixture) -> None:
    cf = {"colo": "SFO", "country": "DE", "asn": 13335, "httpProtocol": "HTTP/2", "newThing": 7}
    data = app.fetch("/cf", cf=cf).json()
    assert data["colo"] == "SFO"
    assert data["country"] == "DE"
    assert data["asn"] == 13335
    assert data["http_protocol"] == "HTTP/2"
    assert data["new_thing"] == 7


def test_wait_until_work_finishes_and_pass_through_is_accepted(app: WorkerFixture) -> None:
    response = app.fetch("/background")
    assert (response.status, response.text) == (202, "accepted")
    assert read_state(app, "bg") == "done"


def test_service_binding_fetch_from_entrypoint(app: WorkerFixture) -> None:
    response = app.fetch("/echo", method="POST", body="ping")
    assert (response.status, response.text) == (201, "echo:ping")


def test_scheduled_controller_cron_time_and_no_retry(app: WorkerFixture) -> None:
    result = app.scheduled("*/5 * * * *", scheduled_time_ms=1_700_000_000_000)
    assert (result.outcome, result.no_retry) == ("ok", False)
    assert read_state(app, "cron") == "*/5 * * * *"
    assert read_state(app, "time") == "2023-11-14T22:13:20+00:00"
    stopped = app.scheduled("stop")
    assert (stopped.outcome, stopped.no_retry) == ("ok", True)
