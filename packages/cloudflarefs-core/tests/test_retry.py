"""Pure retry decisions."""

from __future__ import annotations

import email.utils

import pytest

from cloudflarefs.core import NO_RETRY, FailureKind, RetryPolicy

# No jitter: delays are exactly the doubling backoff, so the rules are visible.
P = RetryPolicy(jitter=0.0)


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH"])
def test_connect_failures_always_retry(method: str) -> None:
    assert P.decide(attempt=1, method=method, failure=FailureKind.CONNECT) == 0.5


@pytest.mark.parametrize(
    ("method", "retried"), [("GET", True), ("PUT", True), ("POST", False), ("PATCH", False)]
)
def test_read_timeouts_retry_only_idempotent(method: str, retried: bool) -> None:
    delay = P.decide(attempt=1, method=method, failure=FailureKind.READ)
    assert (delay is not None) is retried


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504, 520])
def test_5xx_and_408_retry_only_idempotent_unless_safe(status: int) -> None:
    assert P.decide(attempt=1, method="GET", status_code=status) == 0.5
    assert P.decide(attempt=1, method="POST", status_code=status) is None
    assert P.decide(attempt=1, method="POST", status_code=status, retry_safe=True) == 0.5


def test_429_retries_any_method_and_409_never() -> None:
    assert P.decide(attempt=1, method="POST", status_code=429) == 0.5
    assert P.decide(attempt=1, method="POST", status_code=409) is None
    assert P.decide(attempt=1, method="GET", status_code=409) is None
    assert P.decide(attempt=1, method="GET", status_code=404) is None
    assert P.decide(attempt=1, method="GET", status_code=400) is None


def test_backoff_doubles_to_a_cap_and_attempts_run_out() -> None:
    policy = RetryPolicy(jitter=0.0, max_retries=6, backoff_initial=1.0, backoff_max=5.0)
    delays = [policy.decide(attempt=n, method="GET", status_code=503) for n in range(1, 8)]
    assert delays == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0, None]
    assert NO_RETRY.decide(attempt=1, method="GET", failure=FailureKind.CONNECT) is None


def test_jitter_shrinks_delays_within_bounds() -> None:
    policy = RetryPolicy(jitter=0.5, random=lambda: 1.0)
    assert policy.decide(attempt=1, method="GET", status_code=503) == 0.25
    policy = RetryPolicy(jitter=0.5, random=lambda: 0.0)
    assert policy.decide(attempt=1, method="GET", status_code=503) == 0.5


def test_retry_after_replaces_backoff_up_to_a_cap() -> None:
    assert P.decide(attempt=1, method="GET", status_code=429, headers={"retry-after": "3"}) == 3.0
    assert (
        P.decide(attempt=1, method="GET", status_code=429, headers={"retry-after-ms": "250"})
        == 0.25
    )
    assert (
        P.decide(attempt=1, method="GET", status_code=429, headers={"retry-after": "3600"}) is None
    )
    future = email.utils.formatdate(usegmt=True)  # "now": waits about zero
    delay = P.decide(attempt=1, method="GET", status_code=503, headers={"retry-after": future})
    assert delay is not None and delay <= 1.0


def test_total_deadline_is_never_overrun() -> None:
    policy = RetryPolicy(jitter=0.0, total_timeout=1.0)
    assert policy.decide(attempt=1, method="GET", status_code=503, elapsed=0.4) == 0.5
    assert policy.decide(attempt=1, method="GET", status_code=503, elapsed=0.6) is None


def test_settings_are_validated_and_evolvable() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=2.0)
    assert P.evolve(max_retries=0).decide(attempt=1, method="GET", status_code=503) is None
    assert P.max_retries == 2


def test_narrowed_retry_statuses_are_respected() -> None:
    policy = RetryPolicy(jitter=0.0, retry_statuses=frozenset({503}))
    assert policy.decide(attempt=1, method="GET", status_code=503) == 0.5
    assert policy.decide(attempt=1, method="GET", status_code=500) is None
    assert policy.decide(attempt=1, method="POST", status_code=429) is None
    assert (
        RetryPolicy(retry_statuses=frozenset({409})).decide(
            attempt=1, method="GET", status_code=409
        )
        is None
    )


def test_not_implemented_is_not_retried_by_default() -> None:
    # 501: the server lacks the operation (e.g. one the local API does not serve).
    policy = RetryPolicy(jitter=0.0)
    assert policy.decide(attempt=1, method="GET", status_code=501) is None
    assert policy.decide(attempt=1, method="GET", status_code=500) == 0.5
    assert policy.decide(attempt=1, method="GET", status_code=502) == 0.5
