"""Property: any JSON value comes back unchanged from every binding that stores JSON.

Hypothesis draws the values on the host; each example runs inside Pyodide against Miniflare
(KV metadata, KV values read as JSON, queue ``json`` and ``v8`` bodies delivered to a real
consumer, Durable Object storage). ``None`` must stay ``null`` at every depth. D1 stores no JSON
values (a bound ``None`` is SQL NULL, covered by the D1 tests).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudflarefs.testing.pytest_plugin import WorkerFixture

SAFE = 2**53 - 1
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-SAFE, SAFE)
    # An integral float beyond 2**53 reaches Pyodide as an int (the harness passes arguments
    # as JSON), which JSON-bound APIs rightly refuse; everything below it is exact.
    | st.floats(allow_nan=False, allow_infinity=False).filter(
        lambda f: not f.is_integer() or abs(f) <= SAFE
    )
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def canonical(value: Any) -> Any:
    """``value`` with each number tagged, so ``True`` never equals ``1`` and ``1.0`` equals ``1``
    (a JS number does not keep Python's int/float distinction)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return ("number", float(value))
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return {k: canonical(v) for k, v in value.items()}


@pytest.fixture
def kv_worker(worker: WorkerFixture) -> WorkerFixture:
    worker.configure({"kv": ["KV"]})
    return worker


@given(value=json_values)
@EXAMPLES
def test_kv_metadata_and_json_values_round_trip(kv_worker: WorkerFixture, value: Any) -> None:
    async def put_and_read(env, value):
        import json

        from cloudflarefs.kv.runtime import KVNamespace

        kv = KVNamespace(env.KV)
        # None metadata means "no metadata"; wrap so a top-level None is still checked.
        await kv.put("k", json.dumps(value), metadata={"v": value})
        got = await kv.get_with_metadata("k", type="json")
        return json.dumps([got.value, got.metadata])

    stored, metadata = json.loads(kv_worker.run(put_and_read, value=value))
    assert canonical(stored) == canonical(value)
    assert canonical(metadata) == canonical({"v": value})


CONSUMER = textwrap.dedent(
    """
    import json

    from cloudflarefs.queues.runtime import message_handler


    @message_handler()
    async def on_queue(message, env, ctx):
        await env.SEEN.put("last", json.dumps(message.body))
    """
)


@pytest.fixture
def queue_worker(worker: WorkerFixture, tmp_path: Path) -> WorkerFixture:
    (tmp_path / "json_consumer.py").write_text(CONSUMER)
    worker.load_module(
        tmp_path,
        "json_consumer",
        bindings={
            "kv": ["SEEN"],
            "queue_producers": {"JOBS": "jobs"},
            "queue_consumers": {"jobs": {"max_batch_size": 1}},
        },
    )
    return worker


async def _send_and_receive(env: Any, value: Any, content_type: str) -> str:
    import asyncio

    from cloudflarefs.core.js import from_js
    from cloudflarefs.queues.runtime import Queue

    await env.SEEN.delete("last")
    await Queue(env.JOBS).send(value, content_type=content_type)
    for _ in range(600):  # a deadline for delivery, not a timing assertion
        got = from_js(await env.SEEN.get("last"))
        if got is not None:
            return got
        await asyncio.sleep(0.02)
    raise AssertionError("the message was not delivered")


@given(value=json_values, content_type=st.sampled_from(["json", "v8"]))
@EXAMPLES
def test_queue_bodies_round_trip(
    queue_worker: WorkerFixture, value: Any, content_type: str
) -> None:
    received = queue_worker.run(_send_and_receive, value=value, content_type=content_type)
    assert canonical(json.loads(received)) == canonical(value)


def test_queue_send_none_and_nested_none_are_delivered_as_null(queue_worker: WorkerFixture) -> None:
    for value in (None, {"a": None, "b": 1}, [None, {"c": [None]}]):
        received = queue_worker.run(_send_and_receive, value=value, content_type="json")
        assert json.loads(received) == value


def test_nul_in_strings_survives_json_and_v8_bodies(queue_worker: WorkerFixture) -> None:
    # A text body would be cut at the NUL by the platform, so Queue.send refuses it; these keep it.
    for content_type in ("json", "v8"):
        received = queue_worker.run(_send_and_receive, value="a\x00b", content_type=content_type)
        assert json.loads(received) == "a\x00b", content_type


# A JS Durable Object whose real ctx.storage is reached through an RpcTarget (Python Durable
# Object classes cannot run offline; see the durable-objects-runtime tests). What was stored is
# read back as JSON inside workerd: objects returned through Miniflare's Node proxy lose keys
# such as " " on the way (a harness limit; a deployed Worker has no proxy).
STORAGE_DO = """
import { DurableObject, RpcTarget } from "cloudflare:workers";
class StorageFacade extends RpcTarget {
  constructor(s) { super(); this.s = s; }
  get(k, o) { return this.s.get(k, o); }
  put(k, v, o) { return this.s.put(k, v, o); }
  async stored(k) { return JSON.stringify(await this.s.get(k)); }
}
export class Store extends DurableObject {
  storage() { return new StorageFacade(this.ctx.storage); }
}
"""


@pytest.fixture
def do_worker(worker: WorkerFixture) -> WorkerFixture:
    worker.configure(
        {
            "durable_objects": {"STORE": {"class_name": "Store", "sqlite": True}},
            "durable_object_script": STORAGE_DO,
        }
    )
    return worker


@given(value=json_values)
@settings(EXAMPLES, max_examples=15)
def test_durable_object_storage_values_round_trip(do_worker: WorkerFixture, value: Any) -> None:
    async def put_and_get(env, value):

        from cloudflarefs.core.js import await_maybe
        from cloudflarefs.durable_objects.runtime import (
            DurableObjectNamespace,
            DurableObjectStorage,
        )

        facade = await DurableObjectNamespace(env.STORE).get_by_name("json").storage()
        await DurableObjectStorage(facade).put("k", value)
        return await await_maybe(facade.stored("k"))

    assert canonical(json.loads(do_worker.run(put_and_get, value=value))) == canonical(value)
