"""Durable Objects written in Python, run offline behind JS facades in Miniflare.

The Worker in ``py_do_worker/`` declares its objects the way production does (wrangler
``durable_objects`` bindings naming classes of the main module). Every test reaches them
through workerd: the Worker's fetch, the stub's RPC, real WebSocket upgrades.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.testing.pytest_plugin import WorkerFixture
from cloudflarefs.testing.websocket import WebSocketClosed, WebSocketSession

WORKER = Path(__file__).parent / "py_do_worker"


@pytest.fixture
def do_worker(worker: WorkerFixture) -> WorkerFixture:
    worker.load(WORKER)
    return worker


def rpc(worker: WorkerFixture, binding: str, name: str, method: str, *args: Any) -> Any:
    """Call RPC ``method`` on the object ``name`` from inside Pyodide (through workerd)."""

    async def call(env, binding, name, method, args):
        from cloudflarefs.durable_objects.runtime import DurableObjectNamespace

        stub = DurableObjectNamespace(getattr(env, binding)).get_by_name(name)
        return await stub.call(method, *args)

    return worker.run(call, binding=binding, name=name, method=method, args=list(args))


def test_rpc_storage_and_one_instance_per_id(do_worker: WorkerFixture) -> None:
    assert rpc(do_worker, "COUNTER", "a", "increment", 2) == 2
    assert rpc(do_worker, "COUNTER", "a", "increment") == 3
    assert rpc(do_worker, "COUNTER", "b", "increment", 5) == 5
    a1 = rpc(do_worker, "COUNTER", "a", "whoami")
    a2 = rpc(do_worker, "COUNTER", "a", "whoami")
    b = rpc(do_worker, "COUNTER", "b", "whoami")
    assert a1 == a2, "the same id reaches the same Python instance"
    assert a1["id"] != b["id"] and a1["instance"] != b["instance"]
    assert len(a1["id"]) == 64


def test_key_value_storage_values_and_transactions(do_worker: WorkerFixture) -> None:
    got = rpc(do_worker, "COUNTER", "kv", "kv_roundtrip")
    assert got == {
        "keys": ["a", "b", "c", "when"],
        "a": {"nested": [1, 2.5, None]},
        "b": "00ff",
        "when": True,
        "deleted": 1,
        "missing": None,
    }, got
    assert rpc(do_worker, "COUNTER", "t1", "transfer", False) == {"from": 5, "to": 5}
    assert rpc(do_worker, "COUNTER", "t2", "transfer", True) == {"from": 10, "to": 0}


def test_sql_storage(do_worker: WorkerFixture) -> None:
    assert rpc(do_worker, "COUNTER", "s", "record", "one") == ["one"]
    assert rpc(do_worker, "COUNTER", "s", "record", "two") == ["one", "two"]
    assert rpc(do_worker, "COUNTER", "other", "record", "x") == ["x"]


def test_alarm_fires_into_python(do_worker: WorkerFixture) -> None:
    rpc(do_worker, "COUNTER", "alarm", "arm")
    got = rpc(do_worker, "COUNTER", "alarm", "wait_for_alarm")
    assert got == {"retry_count": 0, "alarm_left": None}, got


def test_fetch_through_the_worker(do_worker: WorkerFixture) -> None:
    rpc(do_worker, "COUNTER", "web", "increment", 7)
    r = do_worker.fetch("/counter/web?x=1", method="POST", body="hi")
    assert r.status == 200
    assert r.json() == {"method": "POST", "url": "http://localhost/counter/web?x=1", "n": 7}


def test_python_errors_reach_the_caller(do_worker: WorkerFixture) -> None:
    async def call(env):
        from cloudflarefs.core.js import JsError
        from cloudflarefs.durable_objects.runtime import DurableObjectNamespace

        stub = DurableObjectNamespace(env.COUNTER).get_by_name("err")
        try:
            await stub.fail()
        except JsError as exc:
            return exc.name
        return None

    assert do_worker.run(call) is not None


def test_input_gate_keeps_read_modify_write_atomic(do_worker: WorkerFixture) -> None:
    async def hammer(env):
        import asyncio

        from cloudflarefs.durable_objects.runtime import DurableObjectNamespace

        stub = DurableObjectNamespace(env.COUNTER).get_by_name("gate")
        results = await asyncio.gather(*[stub.increment(1) for _ in range(20)])
        return sorted(results)

    assert do_worker.run(hammer) == list(range(1, 21))


def test_sdk_durable_object_on_kv_backend(do_worker: WorkerFixture) -> None:
    assert do_worker.fetch("/legacy").text == "legacy 1"
    assert do_worker.fetch("/legacy").text == "legacy 2"
    assert rpc(do_worker, "LEGACY", "one", "echo", {"k": [1]}) == {"echo": {"k": [1]}}


def drain(session: WebSocketSession) -> None:
    """Read frames until the close (which raises)."""
    while True:
        session.receive()


def test_hibernating_websockets(do_worker: WorkerFixture) -> None:
    with (
        do_worker.websocket("/room/r1?user=ann") as ann,
        do_worker.websocket("/room/r1?user=bob") as bob,
    ):
        ann.send("who")
        assert ann.receive() == "ann room,user:ann of 2"
        ann.send("hello")
        assert ann.receive() == "ann: hello (#1)"
        assert bob.receive() == "ann: hello (#1)"
        for i in range(5):  # frames of one socket reach Python in order
            bob.send(f"m{i}")
        expected = [f"bob: m{i} (#{i + 2})" for i in range(5)]
        assert [ann.receive() for _ in range(5)] == expected
        assert [bob.receive() for _ in range(5)] == expected
        bob.send(b"\x01\x02\x03")
        assert bob.receive() == b"\x03\x02\x01"
        bob.send("bye")
        with pytest.raises(WebSocketClosed) as closed:
            drain(bob)
        assert (closed.value.code, closed.value.reason) == (4000, "bye bob")
        for _ in range(5):
            bob_left = ann.receive()
            if bob_left == "bob left":
                break
        assert bob_left == "bob left"
    history = rpc(do_worker, "ROOM", "r1", "history")
    assert history == ["hello", "m0", "m1", "m2", "m3", "m4"]
