"""Typed Workers rate limiting binding for Python Workers.

::

    from cloudflarefs.rate_limit.runtime import RateLimiter

    outcome = await RateLimiter(env.MY_RATE_LIMITER).limit(key=client_ip)
    if not outcome.success:
        return Response("rate limited", status=429)
"""

from cloudflarefs.rate_limit.runtime._limiter import RateLimiter, RateLimitOutcome
from cloudflarefs.rate_limit.runtime._version import __version__

__all__ = ["RateLimitOutcome", "RateLimiter", "__version__"]
