"""``RateLimiter``: the typed façade over a ``[[ratelimits]]`` binding."""

from __future__ import annotations

from typing import Any

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import call_js, from_js, to_js


@attrs.frozen
class RateLimitOutcome:
    """The binding's answer for one ``limit`` call.

    Attributes:
        success: ``True`` while ``key`` is within its budget for the current period.
    """

    success: bool

    def __bool__(self) -> bool:
        return self.success


def outcome_from_py(data: object) -> RateLimitOutcome:
    """Structure the converted JS result ``{success: bool}``."""
    if isinstance(data, dict):
        success = data.get("success")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if isinstance(success, bool):
            return RateLimitOutcome(success=success)
    raise ResponseDecodeError(f"expected a rate-limit outcome {{success: bool}}, got {data!r}")


def check_key(key: object) -> str:
    """A rate-limit key is any non-empty string (an IP, a user id, a route...)."""
    if not isinstance(key, str):
        raise InvalidInputTypeError(f"rate-limit key must be a str, got {type(key).__name__}")
    if not key:
        raise InvalidInputError("rate-limit key must not be empty")
    return key


class RateLimiter:
    """Typed façade over a rate limiting binding: ``limiter = RateLimiter(env.MY_RATE_LIMITER)``."""

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError(
                "RateLimiter needs a rate limiting binding (env.<NAME>), got None"
            )
        self._js: Any = binding

    def __repr__(self) -> str:
        return "RateLimiter(<binding>)"

    async def limit(self, *, key: str) -> RateLimitOutcome:
        """Count one request for ``key`` and report whether it is within the limit.

        Raises :class:`~cloudflarefs.core.InvalidInputError` for a key that is not a non-empty
        ``str`` (before the JS call) and :class:`~cloudflarefs.core.js.JsError` when the binding
        rejects the call.
        """
        options = to_js({"key": check_key(key)})
        result = await call_js(self._js.limit(options))
        return outcome_from_py(from_js(result, objects="all"))
