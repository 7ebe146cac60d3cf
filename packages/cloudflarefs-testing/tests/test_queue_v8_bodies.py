"""Queue bodies reach a Python consumer as a real Worker would see them.

A ``v8`` body is a structured clone: a ``datetime`` sent arrives as a ``datetime``, bytes as
``bytes``, a JS Map as a dict, at any depth. Checked through real Miniflare delivery (producer
binding → consumer) and through ``worker.queue`` dispatch.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from cloudflarefs.testing.pytest_plugin import WorkerFixture

CONSUMER = textwrap.dedent(
    """
    from cloudflarefs.queues.runtime import message_handler


    @message_handler()
    async def on_queue(message, env, ctx):
        await env.SEEN.put("body:" + message.id, repr(message.body))
    """
)
WHEN = dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)


def _load(worker: WorkerFixture, tmp_path: Path) -> None:
    (tmp_path / "v8_consumer.py").write_text(CONSUMER)
    worker.load_module(
        tmp_path,
        "v8_consumer",
        bindings={
            "kv": ["SEEN"],
            "queue_producers": {"JOBS": "jobs"},
            "queue_consumers": {"jobs": {"max_batch_size": 1}},
        },
    )


def _seen(worker: WorkerFixture) -> list[str]:
    async def read(env):
        from cloudflarefs.core.js import from_js

        listed = await env.SEEN.list()
        return [from_js(await env.SEEN.get(k.name)) for k in listed.keys]

    return worker.run(read)


def test_real_delivery_of_a_v8_body_keeps_dates_bytes_and_maps(
    worker: WorkerFixture, tmp_path: Path
) -> None:
    _load(worker, tmp_path)

    async def send_and_wait(env):
        import asyncio
        import datetime as dt

        import js

        from cloudflarefs.core.js import from_js, to_js
        from cloudflarefs.queues.runtime import Queue

        when = dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)
        body = {"when": when, "data": b"\x00\xff", "nested": [{"at": when, "n": None}]}
        await Queue(env.JOBS).send(body, content_type="v8")
        js_map = js.Map.new(to_js([["k", 1]]))
        await env.JOBS.send(to_js({"map": js_map}), to_js({"contentType": "v8"}))
        for _ in range(600):  # a deadline for delivery, not a timing assertion
            listed = await env.SEEN.list()
            if len(list(listed.keys)) == 2:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"not delivered: {from_js(listed, objects='all')}")

    worker.run(send_and_wait)
    assert sorted(_seen(worker)) == sorted(
        [
            repr({"when": WHEN, "data": b"\x00\xff", "nested": [{"at": WHEN, "n": None}]}),
            repr({"map": {"k": 1}}),
        ]
    )


def test_dispatched_bodies_keep_dates_and_bytes_at_any_depth(
    worker: WorkerFixture, tmp_path: Path
) -> None:
    _load(worker, tmp_path)
    body = {"when": WHEN, "raw": b"\x01", "list": [WHEN, b"\x02"], "__cfh": "a user key"}
    result = worker.queue("jobs", [{"id": "m", "body": body}])
    assert result.explicit_acks == ("m",)
    assert _seen(worker) == [repr(body)]
