"""Retry decisions, as pure logic shared by the sync and async drivers.

The drivers ask :meth:`RetryPolicy.decide` after every failed attempt and sleep for the delay it
returns (or give up on ``None``). Nothing here sleeps or does I/O, so every rule is unit-testable.

Rules:
- a connection error from before the request was sent is always retried;
- a read timeout, a connection lost after sending, 408 and 5xx are retried only for idempotent
  methods (GET, HEAD, PUT, DELETE, OPTIONS) or operations marked ``retry_safe``;
- 429 is retried for any method; 409 is never retried;
- ``retry-after-ms`` / ``Retry-After`` (seconds or HTTP date) replace the backoff, up to a cap;
- the total deadline, if set, is never overrun by a sleep.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Mapping

import attrs

from cloudflarefs.core.envelope import retry_after_seconds
from cloudflarefs.core.wire import IDEMPOTENT_METHODS

__all__ = ["DEFAULT_RETRY", "NO_RETRY", "FailureKind", "RetryPolicy"]


class FailureKind(enum.Enum):
    """Why an attempt produced no response."""

    CONNECT = "connect"
    """Failed before the request was sent (refused, DNS, connect timeout): always safe to retry."""
    READ = "read"
    """Sent, but the response never came (read timeout, reset mid-response)."""


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how long to retry. Immutable; use :meth:`evolve` for per-call changes.

    Attributes:
        max_retries: retries after the first attempt (0 disables retrying).
        backoff_initial: the first backoff delay in seconds; doubles each retry.
        backoff_max: the cap on one backoff delay.
        jitter: the fraction of each delay that is randomised (0 to 1), to spread clients out.
        retry_after_max: the longest server-requested wait honoured; longer requests give up.
        total_timeout: the deadline in seconds for all attempts and sleeps together (``None``: none).
        retry_statuses: statuses that may be retried (default 408, 429 and every 5xx but 501); all but 429
            only for idempotent requests. 409 is never retried, whatever this holds.
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    backoff_initial: float = attrs.field(default=0.5, validator=_non_negative)
    backoff_max: float = attrs.field(default=8.0, validator=_non_negative)
    jitter: float = attrs.field(
        default=0.25, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )
    retry_after_max: float = attrs.field(default=60.0, validator=_non_negative)
    total_timeout: float | None = None
    # 501 Not Implemented means the server lacks the operation: another attempt cannot help.
    retry_statuses: frozenset[int] = frozenset({408, 429, *range(500, 600)} - {501})
    random: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)

    def evolve(self, **changes: object) -> RetryPolicy:
        """A copy with some settings changed."""
        return attrs.evolve(self, **changes)  # type: ignore[misc]

    def backoff(self, retry_number: int) -> float:
        """The jittered backoff before retry ``retry_number`` (1-based)."""
        base = min(self.backoff_initial * (2 ** (retry_number - 1)), self.backoff_max)
        return base * (1.0 - self.jitter * self.random())

    def is_retryable_status(
        self, status_code: int, method: str, *, retry_safe: bool = False
    ) -> bool:
        """Whether a response with ``status_code`` may be retried for ``method``."""
        if status_code == 409 or status_code not in self.retry_statuses:
            return False
        if status_code == 429:
            return True
        return retry_safe or method.upper() in IDEMPOTENT_METHODS

    def decide(
        self,
        *,
        attempt: int,
        method: str,
        status_code: int | None = None,
        headers: Mapping[str, str] | None = None,
        failure: FailureKind | None = None,
        retry_safe: bool = False,
        elapsed: float = 0.0,
    ) -> float | None:
        """The delay before the next attempt, or ``None`` to stop.

        Args:
            attempt: how many attempts have been made so far (1 after the first).
            method: the HTTP method.
            status_code: the response status, when there was a response.
            headers: the response headers (lower-cased), for ``Retry-After``.
            failure: why there was no response, when there was none.
            retry_safe: the operation is safe to repeat though its method is not idempotent.
            elapsed: seconds since the first attempt started, for the total deadline.
        """
        if attempt > self.max_retries:
            return None
        if failure is FailureKind.CONNECT:
            allowed = True
        elif failure is FailureKind.READ:
            allowed = retry_safe or method.upper() in IDEMPOTENT_METHODS
        elif status_code is not None:
            allowed = self.is_retryable_status(status_code, method, retry_safe=retry_safe)
        else:
            allowed = False
        if not allowed:
            return None
        delay = self.backoff(attempt)
        requested = retry_after_seconds(headers) if headers is not None else None
        if requested is not None:
            if requested > self.retry_after_max:
                return None
            delay = requested
        if self.total_timeout is not None and elapsed + delay > self.total_timeout:
            return None
        return delay


DEFAULT_RETRY = RetryPolicy()
"""Two retries, 0.5 s doubling to at most 8 s, 25% jitter, ``Retry-After`` honoured up to 60 s."""

NO_RETRY = RetryPolicy(max_retries=0)
"""Never retry."""
