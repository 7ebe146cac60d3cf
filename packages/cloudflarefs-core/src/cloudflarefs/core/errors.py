"""The cloudflarefs error hierarchy.

Every failure a client can raise derives from :class:`CloudflareError`. Failures with no HTTP
response are :class:`APIConnectionError` / :class:`APITimeoutError`; an HTTP error (or a
``success: false`` envelope) is an :class:`APIStatusError` subclass chosen by status code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cloudflarefs.core.lazy_classes import LazyClasses

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CloudflareError",
    "ConfigurationError",
    "ConflictError",
    "InvalidInputError",
    "InvalidInputTypeError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseMessage",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedRedirectError",
    "UnprocessableEntityError",
    "error_class_for_status",
]


_lazy = LazyClasses(globals())
"""``ResponseMessage`` is built on first access (``lazy_classes``): a successful call has none."""
if TYPE_CHECKING:
    from attrs import frozen as _lazy_frozen
else:
    _lazy_frozen = _lazy.frozen


@_lazy_frozen
class ResponseMessage:
    """One entry of a v4 envelope's ``errors[]`` or ``messages[]``.

    ``code`` is usually an int; a few products (Workers AI) send strings, and R2 sends bare
    strings as messages, so both are kept as they came.
    """

    code: int | str | None
    message: str
    extra: Mapping[str, Any] = attrs.field(factory=dict[str, Any], repr=False)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" if self.code is not None else self.message


_lazy.seal()


def __getattr__(name: str) -> Any:
    return _lazy.get(name)


def __dir__() -> list[str]:
    return _lazy.dir()


class CloudflareError(Exception):
    """Root of every error raised by cloudflarefs."""


class ConfigurationError(CloudflareError, ValueError):
    """A client was constructed with missing, ambiguous or unsafe settings."""


class InvalidInputError(CloudflareError, ValueError):
    """An argument was rejected before any request was sent."""


class InvalidInputTypeError(InvalidInputError, TypeError):
    """An argument of the wrong type, rejected before any request was sent.

    Both an :class:`InvalidInputError` (and so a ``ValueError``) and a ``TypeError``: code that
    catches either for bad arguments keeps working.
    """


class APIConnectionError(CloudflareError):
    """The request failed without an HTTP response (DNS, refused, reset, TLS)."""

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None):
        self.method = method
        self.path = path
        where = f" ({method} {path})" if method and path else ""
        super().__init__(f"{message}{where}")


class APITimeoutError(APIConnectionError):
    """The request timed out before a complete response arrived."""


class APIStatusError(CloudflareError):
    """Cloudflare answered with an error status or with ``success: false``.

    Attributes:
        status_code: the HTTP status (200 for a ``success: false`` envelope on HTTP 200).
        errors: the envelope's ``errors[]``.
        messages: the envelope's ``messages[]``.
        ray_id: the ``cf-ray`` response header, if present.
        method: the request method.
        path: the request path (never the query string, which may carry tokens).
        body: the raw response body.
    """

    default_reason = "Error"

    def __init__(
        self,
        *,
        status_code: int,
        errors: Sequence[ResponseMessage] = (),
        messages: Sequence[ResponseMessage] = (),
        ray_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.errors = tuple(errors)
        self.messages = tuple(messages)
        self.ray_id = ray_id
        self.method = method
        self.path = path
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})
        super().__init__(self._render())

    def _render(self) -> str:
        reason = _REASONS.get(self.status_code, self.default_reason)
        detail = "; ".join(str(e) for e in self.errors) or "no error details"
        context = [f"{self.method} {self.path}"] if self.method and self.path else []
        if self.ray_id:
            context.append(f"cf-ray {self.ray_id}")
        suffix = f" ({'; '.join(context)})" if context else ""
        return f"{self.status_code} {reason}: {detail}{suffix}"

    @property
    def codes(self) -> tuple[int | str | None, ...]:
        """The Cloudflare error codes, in order."""
        return tuple(e.code for e in self.errors)


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429. ``retry_after`` is the server's requested wait in seconds, if it sent one."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(APIStatusError):
    """HTTP 5xx."""


class UnexpectedRedirectError(APIStatusError):
    """The API answered with a redirect (3xx), which API calls never follow.

    Following it would send the credentials to wherever ``Location`` points, so the call stops
    here whatever ``http_client`` was passed in (even one with ``follow_redirects=True``).

    Attributes:
        location: the redirect target with any user info and query string removed (``None``
            when the response had no ``Location``).
    """

    def __init__(self, *, location: str | None, **kwargs: Any) -> None:
        self.location = location
        super().__init__(**kwargs)

    def _render(self) -> str:
        target = self.location if self.location is not None else "no Location"
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        return (
            f"{self.status_code} redirect to {target} not followed: API calls never follow "
            f"redirects{where}"
        )


class ResponseTooLargeError(CloudflareError):
    """A buffered response body decoded to more than the client's ``max_response_size``.

    Reading stops as soon as the limit is passed: the rest is never downloaded or inflated.
    Use the operation's streaming method for large payloads, or raise the limit.

    Attributes:
        limit: the limit in bytes that was exceeded.
    """

    def __init__(self, *, limit: int, method: str | None = None, path: str | None = None):
        self.limit = limit
        self.method = method
        self.path = path
        where = f" ({method} {path})" if method and path else ""
        super().__init__(
            f"response body exceeds max_response_size of {limit} bytes once decoded; "
            f"stream it or raise the limit{where}"
        )


class ResponseDecodeError(CloudflareError):
    """A response body did not fit its model.

    Attributes:
        body: the raw body that failed.
        details: cattrs' per-field messages, each naming the path to the failing field.
    """

    def __init__(
        self,
        message: str,
        *,
        body: bytes | None = None,
        details: Sequence[str] = (),
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.body = body
        self.details = tuple(details)
        self.method = method
        self.path = path
        where = f" ({method} {path})" if method and path else ""
        lines = "".join(f"\n  {d}" for d in self.details)
        super().__init__(f"{message}{where}{lines}")


_REASONS: dict[int, str] = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> type[APIStatusError]:
    """Map an HTTP status to the most specific :class:`APIStatusError` subclass."""
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)
