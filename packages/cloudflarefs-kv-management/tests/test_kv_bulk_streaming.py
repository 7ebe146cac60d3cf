"""Bulk writes and deletes over MockTransport: lazy chunks, bounded concurrency, partial failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from cloudflarefs.core.bulk import BulkOperationError
from cloudflarefs.core.errors import InvalidInputError, ServerError
from cloudflarefs.core.retry import RetryPolicy
from cloudflarefs.kv.management import KVClient, KVPair
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "0f2ac74b498b48028cb68387c421e279"


def counted(rec: httpx.Request) -> httpx.Response:
    body = json.loads(rec.content)
    return envelope({"successful_key_count": len(body), "unsuccessful_keys": []})


def failing_at(bad_first_key: str) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        first = body[0]["key"] if isinstance(body[0], dict) else body[0]
        if first == bad_first_key:
            return httpx.Response(500, json={"success": False, "errors": [], "messages": []})
        return counted(request)

    return respond


class Pairs:
    """A one-shot generator of pairs that records how far it was read."""

    def __init__(self, n: int, bad_at: int | None = None) -> None:
        self.n, self.bad_at, self.read = n, bad_at, 0

    def __iter__(self) -> Iterator[KVPair]:
        for i in range(self.n):
            self.read = i + 1
            yield KVPair(key="" if i == self.bad_at else f"k{i:07d}", value="v")


def client(handler: Callable[[httpx.Request], httpx.Response]) -> KVClient:
    return KVClient(
        api_token="t",
        account_id=ACCOUNT,
        retry=RetryPolicy(max_retries=0),
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
    )


def test_a_generator_is_read_no_further_than_the_chunk_being_sent() -> None:
    pairs = Pairs(10_000_000)
    read_at_request: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        read_at_request.append(pairs.read)
        if len(read_at_request) == 3:
            raise RuntimeError("stop here")  # 30,000 of 10 million pairs are enough
        return counted(request)

    with client(respond) as kv, pytest.raises(BulkOperationError) as info:
        kv.namespaces.bulk_write(NS, iter(pairs))
    assert read_at_request == [10_000, 20_000, 30_000]
    assert info.value.written_count == 20_000
    assert info.value.unsent_from == 30_000


def test_results_per_chunk_in_input_order_with_concurrency() -> None:
    in_flight, peak, lock = 0, 0, threading.Lock()
    release = threading.Barrier(3, timeout=10)

    def respond(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        if json.loads(request.content)[0]["key"] in ("k0000000", "k0010000", "k0020000"):
            release.wait()  # the first three chunks are in flight together
        with lock:
            in_flight -= 1
        return counted(request)

    with client(respond) as kv:
        result = kv.namespaces.bulk_write(
            NS, {f"k{i:07d}": "v" for i in range(45_000)}, max_concurrency=3
        )
    assert peak == 3
    assert [(c.index, c.start, c.size) for c in result.chunks] == [
        (i, i * 10_000, 10_000 if i < 4 else 5_000) for i in range(5)
    ]
    assert (result.requests, result.key_count, result.successful_key_count) == (5, 45_000, 45_000)


@pytest.mark.parametrize("max_concurrency", [1, 2])
def test_a_failing_chunk_reports_what_was_and_was_not_written(max_concurrency: int) -> None:
    rec = Recorder(failing_at("k0010000"))
    with client(rec) as kv, pytest.raises(BulkOperationError) as info:
        kv.namespaces.bulk_write(
            NS,
            [KVPair(key=f"k{i:07d}", value="v") for i in range(50_000)],
            max_concurrency=max_concurrency,
        )
    err = info.value
    assert [(c.index, c.start) for c, _ in err.failed] == [(1, 10_000)]
    assert isinstance(err.failed[0][1], ServerError)
    assert isinstance(err.__cause__, ServerError)
    written = [(c.index, c.start, c.size) for c in err.written]
    # In order: only chunk 0. With two in flight, chunk 2 is sent when chunk 0 finishes, which
    # may be before or after chunk 1 fails (a race the caller cannot see): either way the
    # report must say exactly what was sent, and nothing after the first unsent chunk is.
    chunk_2_sent = len(rec.requests) == 3
    if max_concurrency == 1:
        assert not chunk_2_sent
    assert written == [(0, 0, 10_000)] + ([(2, 20_000, 10_000)] if chunk_2_sent else [])
    assert err.unsent_from == (30_000 if chunk_2_sent else 20_000)
    assert len(rec.requests) == len(written) + 1
    assert "chunk 1 (items 10000-19999)" in str(err)


def test_invalid_pair_in_a_later_chunk_of_a_generator_stops_before_its_chunk() -> None:
    pairs = Pairs(25_000, bad_at=15_000)
    rec = Recorder(counted)
    with client(rec) as kv, pytest.raises(BulkOperationError) as info:
        kv.namespaces.bulk_write(NS, iter(pairs))
    assert len(rec.requests) == 1
    assert [c.size for c in info.value.written] == [10_000]
    assert isinstance(info.value.failed[0][1], InvalidInputError)
    assert info.value.unsent_from == 10_000


def test_invalid_pair_anywhere_in_a_list_is_rejected_before_any_request() -> None:
    rec = Recorder(counted)
    pairs = [KVPair(key=f"k{i}", value="v") for i in range(25_000)] + [KVPair(key="", value="v")]
    with client(rec) as kv, pytest.raises(InvalidInputError):
        kv.namespaces.bulk_write(NS, pairs)
    with client(rec) as kv, pytest.raises(InvalidInputError):
        kv.namespaces.bulk_write(
            NS, iter([KVPair(key="..", value="v")])
        )  # first chunk: plain error
    with client(rec) as kv, pytest.raises(InvalidInputError):
        kv.namespaces.bulk_write(NS, {"k": "v"}, max_concurrency=0)
    assert rec.requests == []


def test_bulk_delete_with_concurrency_keeps_order() -> None:
    rec = Recorder(lambda r: envelope(None))
    with client(rec) as kv:
        result = kv.namespaces.bulk_delete(NS, (f"k{i}" for i in range(25_000)), max_concurrency=2)
    assert [c.size for c in result.chunks] == [10_000, 10_000, 5_000]
    assert sorted(len(json.loads(r.content)) for r in rec.requests) == [5_000, 10_000, 10_000]


async def test_async_concurrency_runs_tasks_and_reports_failures() -> None:
    rec = Recorder(failing_at("k0020000"))
    async with AsyncKVClient(
        api_token="t",
        account_id=ACCOUNT,
        retry=RetryPolicy(max_retries=0),
        transport=httpx.MockTransport(rec),
    ) as kv:
        ok = await kv.namespaces.bulk_write(
            NS, {f"k{i:07d}": "v" for i in range(15_000)}, max_concurrency=4
        )
        with pytest.raises(BulkOperationError) as info:
            await kv.namespaces.bulk_write(
                NS, (KVPair(key=f"k{i:07d}", value="v") for i in range(40_000)), max_concurrency=4
            )
    assert [c.size for c in ok.chunks] == [10_000, 5_000]
    assert [c.index for c, _ in info.value.failed] == [2]
    assert [c.index for c in info.value.written] == [0, 1, 3]
    assert info.value.unsent_from == 40_000
