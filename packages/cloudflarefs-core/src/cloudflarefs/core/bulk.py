"""Sending a bulk operation's chunks: in order or with bounded concurrency, with partial failures.

A bulk operation (KV ``bulk_write``, ...) is split into chunks that are built lazily from an
iterator, so at most ``max_concurrency`` chunks (plus the one being built) are in memory. Each
chunk's outcome is kept in input order. When a chunk fails, no further chunk is started, the
chunks already in flight finish, and :class:`BulkOperationError` says which chunks were
written, which failed and from which input position nothing was sent.

:func:`run_chunks` uses a small thread pool when ``max_concurrency > 1`` (the sync clients are
thread-safe); :func:`arun_chunks` uses tasks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from cloudflarefs.core.errors import CloudflareError, InvalidInputError

__all__ = ["BulkOperationError", "Chunk", "ChunkOutcome", "arun_chunks", "run_chunks"]

P = TypeVar("P")


@attrs.frozen
class Chunk(Generic[P]):
    """One request's worth of items: ``payload`` covers input positions ``start`` to ``start + size - 1``."""

    index: int
    start: int
    size: int
    payload: P = attrs.field(repr=False)


@attrs.frozen
class ChunkOutcome:
    """A sent chunk: its place in the input and the parsed result of its request."""

    index: int
    start: int
    size: int
    result: Any = None


class BulkOperationError(CloudflareError):
    """A bulk operation stopped part-way: what was written and what was not.

    Attributes:
        written: chunks whose request succeeded, in input order.
        failed: ``(chunk, error)`` for each chunk that failed (its request, or its validation
            for one-shot iterators, which are validated chunk by chunk), in input order.
        unsent_from: the input position from which no pair was sent (every position before it
            is in ``written`` or ``failed``), or ``None`` when the input was exhausted.
    """

    def __init__(
        self,
        message: str,
        *,
        written: Sequence[ChunkOutcome],
        failed: Sequence[tuple[ChunkOutcome, BaseException]],
        unsent_from: int | None,
    ) -> None:
        super().__init__(message)
        self.written = tuple(written)
        self.failed = tuple(failed)
        self.unsent_from = unsent_from

    @property
    def written_count(self) -> int:
        """How many items the successful chunks carried."""
        return sum(c.size for c in self.written)


def _outcome(chunk: Chunk[Any], result: Any = None) -> ChunkOutcome:
    return ChunkOutcome(chunk.index, chunk.start, chunk.size, result)


def _error(
    written: list[ChunkOutcome],
    failed: list[tuple[ChunkOutcome, BaseException]],
    unsent_from: int | None,
) -> BulkOperationError:
    written.sort(key=lambda c: c.index)
    failed.sort(key=lambda f: f[0].index)
    first, exc = failed[0]
    where = f"items {first.start}-{first.start + first.size - 1}"
    tail = "" if unsent_from is None else f"; items from {unsent_from} on were not sent"
    message = (
        f"bulk operation failed at chunk {first.index} ({where}): {type(exc).__name__}: {exc}; "
        f"{len(written)} chunk(s) with {sum(c.size for c in written)} items were written{tail}"
    )
    return BulkOperationError(message, written=written, failed=failed, unsent_from=unsent_from)


class _Feed(Generic[P]):
    """Pulls chunks from the iterator; a validation error after the first request is recorded."""

    def __init__(self, chunks: Iterator[Chunk[P]]) -> None:
        self._chunks = chunks
        self.sent_any = False
        self.next_start = 0
        self.next_index = 0
        self.invalid: tuple[ChunkOutcome, BaseException] | None = None
        self.done = False

    def pull(self) -> Chunk[P] | None:
        if self.done:
            return None
        try:
            chunk = next(self._chunks)
        except StopIteration:
            self.done = True
            return None
        except InvalidInputError as exc:
            self.done = True
            if not self.sent_any:
                raise  # bad input before any request: the plain typed error
            self.invalid = (ChunkOutcome(self.next_index, self.next_start, 0), exc)
            return None
        self.sent_any = True
        self.next_start = chunk.start + chunk.size
        self.next_index = chunk.index + 1
        return chunk

    def unsent_from(self) -> int | None:
        if self.done and self.invalid is None:
            return None
        return self.next_start


def run_chunks(
    send: Callable[[P], Any], chunks: Iterator[Chunk[P]], *, max_concurrency: int = 1
) -> list[ChunkOutcome]:
    """Send every chunk (``send(payload)`` returns its result); outcomes in input order."""
    _check_concurrency(max_concurrency)
    feed = _Feed(chunks)
    written: list[ChunkOutcome] = []
    failed: list[tuple[ChunkOutcome, BaseException]] = []
    if max_concurrency == 1:
        while not failed and (chunk := feed.pull()) is not None:
            try:
                written.append(_outcome(chunk, send(chunk.payload)))
            except Exception as exc:
                failed.append((_outcome(chunk), exc))
    else:
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        with ThreadPoolExecutor(max_concurrency, thread_name_prefix="cloudflarefs-bulk") as pool:
            running: dict[Future[Any], Chunk[P]] = {}
            while True:
                while not failed and len(running) < max_concurrency:
                    chunk = feed.pull()
                    if chunk is None:
                        break
                    running[pool.submit(send, chunk.payload)] = chunk
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = running.pop(future)
                    exc = future.exception()
                    if exc is None:
                        written.append(_outcome(chunk, future.result()))
                    else:
                        failed.append((_outcome(chunk), exc))
    return _finish(feed, written, failed)


async def arun_chunks(
    send: Callable[[P], Awaitable[Any]],
    chunks: Iterator[Chunk[P]],
    *,
    max_concurrency: int = 1,
) -> list[ChunkOutcome]:
    """The async twin of :func:`run_chunks`: up to ``max_concurrency`` tasks at once."""
    _check_concurrency(max_concurrency)
    feed = _Feed(chunks)
    written: list[ChunkOutcome] = []
    failed: list[tuple[ChunkOutcome, BaseException]] = []
    if max_concurrency == 1:
        while not failed and (chunk := feed.pull()) is not None:
            try:
                written.append(_outcome(chunk, await send(chunk.payload)))
            except Exception as exc:
                failed.append((_outcome(chunk), exc))
        return _finish(feed, written, failed)
    import asyncio

    running: dict[asyncio.Task[Any], Chunk[P]] = {}
    try:
        while True:
            while not failed and len(running) < max_concurrency:
                chunk = feed.pull()
                if chunk is None:
                    break
                running[asyncio.ensure_future(send(chunk.payload))] = chunk
            if not running:
                break
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                chunk = running.pop(task)
                exc = task.exception()
                if exc is None:
                    written.append(_outcome(chunk, task.result()))
                else:
                    failed.append((_outcome(chunk), exc))
    finally:
        for task in running:  # only when cancelled from outside
            task.cancel()
    return _finish(feed, written, failed)


def _check_concurrency(max_concurrency: int) -> None:
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"max_concurrency must be an int, got {max_concurrency!r}")
    if not 1 <= max_concurrency <= 64:
        raise InvalidInputError(f"max_concurrency must be 1 to 64, got {max_concurrency}")


def _finish(
    feed: _Feed[Any],
    written: list[ChunkOutcome],
    failed: list[tuple[ChunkOutcome, BaseException]],
) -> list[ChunkOutcome]:
    if feed.invalid is not None:
        failed.append(feed.invalid)
    if failed:
        raise _error(written, failed, feed.unsent_from()) from failed[0][1]
    written.sort(key=lambda c: c.index)
    return written
