"""Decorators that turn Python functions into Worker ``queue`` handlers with a settle policy."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeAlias, overload

from cloudflarefs.queues.runtime._consumer import Message, MessageBatch

logger = logging.getLogger("cloudflarefs.queues.runtime")

RetryDelay: TypeAlias = int | Callable[[Message], int] | None
"""Retry delay in seconds: fixed, computed per message (e.g. from ``attempts``), or none."""
OnError: TypeAlias = Literal["retry", "raise"]
"""What a failed batch handler does with unsettled messages: retry them, or re-raise."""

BatchFn: TypeAlias = Callable[..., Awaitable[None]]
MessageFn: TypeAlias = Callable[..., Awaitable[None]]
QueueHandler: TypeAlias = Callable[..., Awaitable[None]]
"""A Worker ``queue`` handler: ``(batch, env, ctx)``, or a method ``(self, batch[, env, ctx])``."""


def _delay_for(message: Message, retry_delay: RetryDelay) -> int | None:
    return retry_delay(message) if callable(retry_delay) else retry_delay


def _batch_position(fn: Callable[..., Any]) -> int:
    # Methods (``def queue(self, batch, ...)``) get ``self`` first; the batch follows it.
    params = list(inspect.signature(fn).parameters)
    return 1 if params and params[0] == "self" else 0


def _wrap(
    fn: Callable[..., Awaitable[None]],
    run: Callable[[MessageBatch, tuple[Any, ...]], Awaitable[None]],
) -> QueueHandler:
    position = _batch_position(fn)

    @functools.wraps(fn)
    async def handler(*args: Any) -> None:
        batch = (
            args[position]
            if isinstance(args[position], MessageBatch)
            else MessageBatch(args[position])
        )
        await run(batch, (*args[:position], batch, *args[position + 1 :]))

    return handler


@overload
def queue_handler(fn: BatchFn, /) -> QueueHandler: ...
@overload
def queue_handler(
    *, on_error: OnError = "retry", retry_delay: RetryDelay = None, ack_on_success: bool = True
) -> Callable[[BatchFn], QueueHandler]: ...
def queue_handler(
    fn: BatchFn | None = None,
    /,
    *,
    on_error: OnError = "retry",
    retry_delay: RetryDelay = None,
    ack_on_success: bool = True,
) -> QueueHandler | Callable[[BatchFn], QueueHandler]:
    """Make ``async def handle(batch: MessageBatch, env, ctx)`` a Worker ``queue`` handler.

    The decorated function receives a :class:`MessageBatch` instead of the JS batch. When it
    returns, messages it did not settle are acknowledged (``ack_on_success``). When it raises,
    unsettled messages are retried after ``retry_delay`` and the error is logged
    (``on_error="retry"``), or the error propagates and the runtime retries the whole batch
    except messages already acked (``on_error="raise"``).
    """

    def decorate(inner: BatchFn) -> QueueHandler:
        async def run(batch: MessageBatch, args: tuple[Any, ...]) -> None:
            try:
                await inner(*args)
            except Exception:
                if on_error == "raise":
                    raise
                logger.exception("queue handler failed; retrying unsettled messages")
                for message in batch.messages:
                    if message.settled is None:
                        message.retry(delay_seconds=_delay_for(message, retry_delay))
                return
            if ack_on_success:
                for message in batch.messages:
                    if message.settled is None:
                        message.ack()

        return _wrap(inner, run)

    return decorate if fn is None else decorate(fn)


@overload
def message_handler(fn: MessageFn, /) -> QueueHandler: ...
@overload
def message_handler(*, retry_delay: RetryDelay = None) -> Callable[[MessageFn], QueueHandler]: ...
def message_handler(
    fn: MessageFn | None = None, /, *, retry_delay: RetryDelay = None
) -> QueueHandler | Callable[[MessageFn], QueueHandler]:
    """Make ``async def handle(message: Message, env, ctx)`` a Worker ``queue`` handler.

    Messages are handled one by one, in order. A message whose handler returns is acked; one
    whose handler raises is retried after ``retry_delay`` (the error is logged), so one bad
    message never fails the batch. Messages the function settles itself are left alone.
    """

    def decorate(inner: MessageFn) -> QueueHandler:
        async def run(batch: MessageBatch, args: tuple[Any, ...]) -> None:
            position = _batch_position(inner)
            for message in batch.messages:
                try:
                    await inner(*args[:position], message, *args[position + 1 :])
                except Exception:
                    logger.exception("queue message %s failed; retrying it", message.id)
                    if message.settled is None:
                        message.retry(delay_seconds=_delay_for(message, retry_delay))
                    continue
                if message.settled is None:
                    message.ack()

        return _wrap(inner, run)

    return decorate if fn is None else decorate(fn)
