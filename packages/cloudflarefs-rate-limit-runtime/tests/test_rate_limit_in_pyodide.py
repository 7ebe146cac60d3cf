"""``RateLimiter`` inside Pyodide against Miniflare's real rate limiting binding."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from cloudflarefs.core import InvalidInputError
from cloudflarefs.rate_limit.runtime import RateLimiter, RateLimitOutcome
from cloudflarefs.testing.pytest_plugin import run_in_worker

LIMITS = {"rate_limits": {"RL": {"limit": 2, "period": 60}}}


@run_in_worker(bindings=LIMITS)
async def test_limit_counts_per_key_and_rejects_bad_keys(env):
    limiter = RateLimiter(env.RL)
    first = [await limiter.limit(key="alice") for _ in range(3)]
    assert [o.success for o in first] == [True, True, False], first
    assert all(isinstance(o, RateLimitOutcome) for o in first), first
    other = await limiter.limit(key="bob")
    assert other == RateLimitOutcome(success=True) and bool(other), other
    for bad in ("", None, 42):
        try:
            await limiter.limit(key=bad)
            raise AssertionError(f"{bad!r}: accepted")
        except InvalidInputError as exc:
            assert "key" in str(exc), exc
    # Bad keys never reached the binding: bob's budget still has one request left.
    assert (await limiter.limit(key="bob")).success, "bad keys were counted"
    assert not (await limiter.limit(key="bob")).success, "bob's limit is 2"
