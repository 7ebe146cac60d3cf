"""Queues through the local API: queues, consumers, pull/ack, and delivery to the Worker."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _polling import eventually, eventually_async

from cloudflarefs.core import ConflictError, NotFoundError
from cloudflarefs.kv.management import KVClient
from cloudflarefs.queues.management import QueuesClient
from cloudflarefs.queues.management.aio import QueuesClient as AsyncQueuesClient
from cloudflarefs.testing.local_api import LocalApi

WORKER_NS = "5eed0000000000000000000000000001"


def _send(api: LocalApi, queue_id: str, *bodies: object) -> None:
    # One body: push; several: bulk push (both through the management client).
    with QueuesClient(
        api_token="local-token", account_id=api.account_id, base_url=api.base_url
    ) as queues:
        if len(bodies) == 1:
            queues.messages.push(queue_id, bodies[0])
        else:
            queues.messages.bulk_push(queue_id, bodies)


def test_queues_scenario_sync(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    with QueuesClient(**client_kwargs) as queues:
        created = queues.queues.create(f"orders-{unique}")
        assert created.queue_id is not None
        queue_id = created.queue_id
        renamed = queues.queues.update(created.queue_id, queue_name=f"orders2-{unique}")
        assert renamed.queue_name == f"orders2-{unique}"
        with pytest.raises(ConflictError):
            queues.queues.create(f"orders2-{unique}")

        consumer = queues.consumers.create(created.queue_id, type="http_pull")
        listed = queues.consumers.list(created.queue_id).to_list()
        assert [c.consumer_id for c in listed] == [consumer.extra.get("consumer_id")]

        _send(local_api, created.queue_id, {"order": 1}, {"order": 2}, "three")
        pulled: list[Any] = []

        def pull_all() -> list[Any] | None:
            pulled.extend(
                queues.messages.pull(queue_id, batch_size=10, visibility_timeout_ms=60_000)
            )
            return pulled if len(pulled) == 3 else None

        eventually(pull_all)
        kinds = {str(dict(m.metadata or {}).get("CF-Content-Type")) for m in pulled}
        assert sorted(str(m.body) for m in pulled) == sorted(
            ['{"order":1}', '{"order":2}', "three"]
        )
        assert kinds == {"json", "text"}
        # Leased messages are invisible; ack two, retry one, and only the retried comes back.
        assert queues.messages.pull(created.queue_id, batch_size=10) == []
        leases = {str(m.body): str(m.lease_id) for m in pulled}
        result = queues.messages.ack(
            created.queue_id,
            acks=[leases['{"order":1}'], leases['{"order":2}']],
            retries=[leases["three"]],
        )
        assert (result.ack_count, result.retry_count) == (2, 1)
        [again] = queues.messages.pull(created.queue_id, batch_size=10)
        assert (again.body, again.attempts) == ("three", 2)

        queues.queues.delete(created.queue_id)
        with pytest.raises(NotFoundError):
            queues.queues.get(created.queue_id)


async def test_queues_scenario_async(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    async with AsyncQueuesClient(**client_kwargs) as queues:
        created = await queues.queues.create(f"async-{unique}")
        assert created.queue_id is not None
        queue_id = created.queue_id
        await queues.consumers.create(queue_id, type="http_pull")
        fetched = await queues.queues.get(queue_id)
        assert fetched.queue_name == f"async-{unique}"
        _send(local_api, queue_id, "ping")

        async def pull_one() -> list[object] | None:
            got = await queues.messages.pull(queue_id, batch_size=1, visibility_timeout_ms=60_000)
            return list(got) or None

        [message] = await eventually_async(pull_one)
        acked = await queues.messages.ack(queue_id, acks=[str(message.lease_id)])  # type: ignore[attr-defined]
        assert acked.ack_count == 1
        await queues.queues.delete(queue_id)


def test_queue_messages_reach_the_worker_and_back(
    served: LocalApi, client_kwargs: dict[str, Any], worker_http: httpx.Client, unique: str
) -> None:
    with QueuesClient(**client_kwargs) as queues, KVClient(**client_kwargs) as kv:
        by_name = {q.queue_name: q.queue_id for q in queues.queues.list().to_list()}
        jobs, outbox = by_name["local-api-jobs"], by_name["local-api-outbox"]
        assert jobs is not None and outbox is not None

        # API -> the Worker's queue consumer, which records the job in KV.
        _send(served, jobs, f"api-job-{unique}")
        done = eventually(lambda: _kv_text(kv, f"job:api-job-{unique}"))
        assert done == "done"

        # The Worker's producer -> an HTTP pull consumer made through the API.
        consumer = queues.consumers.create(outbox, type="http_pull")
        assert worker_http.post("/outbox", content=f"from-worker-{unique}").status_code == 202
        [message] = eventually(lambda: queues.messages.pull(outbox, batch_size=5) or None)
        assert message.body == f"from-worker-{unique}"
        queues.messages.ack(outbox, acks=[str(message.lease_id)])
        queues.consumers.delete(outbox, str(consumer.extra["consumer_id"]))


def test_a_worker_consumer_made_through_the_api_receives_messages(
    served: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    with QueuesClient(**client_kwargs) as queues, KVClient(**client_kwargs) as kv:
        created = queues.queues.create(f"late-{unique}")
        assert created.queue_id is not None
        consumer = queues.consumers.create(
            created.queue_id, script_name="local-api-worker", type="worker"
        )
        _send(served, created.queue_id, f"late-job-{unique}")
        assert eventually(lambda: _kv_text(kv, f"job:late-job-{unique}")) == "done"
        queues.consumers.delete(created.queue_id, str(consumer.extra["consumer_id"]))
        queues.queues.delete(created.queue_id)


def _kv_text(kv: KVClient, key: str) -> str | None:
    try:
        return kv.values.get_text(WORKER_NS, key)
    except NotFoundError:
        return None
