"""Pure translation between the wire values and httpx, shared by the sync and async drivers.

Nothing here performs I/O: building an ``httpx.Request``, turning an ``httpx.Response`` whose
body has been read into an :class:`~cloudflarefs.core.wire.ApiResponse`, classifying transport
failures for the retry policy, and the bookkeeping of one retried call (:class:`Attempts`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from cloudflarefs.core.errors import (
    APIConnectionError,
    APITimeoutError,
    InvalidInputError,
    UnexpectedRedirectError,
)
from cloudflarefs.core.http._body import ACCEPT_ENCODING, BodyDecoder
from cloudflarefs.core.retry import FailureKind, RetryPolicy
from cloudflarefs.core.wire import ApiRequest, ApiResponse, QueryValue, RequestContent

__all__ = [
    "NO_HTTPX_AUTH",
    "SENSITIVE_HEADERS",
    "Attempts",
    "HttpxRequestBuilder",
    "classify_failure",
    "redact_headers",
    "redact_url",
    "redirect_error",
    "to_api_response",
]

logger = logging.getLogger("cloudflarefs.http")

SENSITIVE_HEADERS: Final = frozenset(
    {
        "authorization",
        "x-auth-key",
        "x-auth-email",
        "x-auth-user-service-key",
        "cookie",
        "set-cookie",
        "proxy-authorization",
    }
)
"""Headers whose values are replaced by ``***`` before logging."""

NO_HTTPX_AUTH: Final = httpx.Auth()
"""Passed as ``auth=`` on send: the request already carries its auth headers, and an
``http_client``'s own ``auth`` must not apply (httpx would otherwise use it)."""

_ACCEPT = {"json": "application/json", "text": "text/*, */*", "bytes": "*/*", "stream": "*/*"}


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials and cookies masked."""
    return {
        k.lower(): "***" if k.lower() in SENSITIVE_HEADERS else v
        for k, v in headers.items()  # pyright: ignore[reportUnknownMemberType]
    }


def _query(params: Mapping[str, QueryValue]) -> list[tuple[str, str]]:
    def text(value: str | int | float | bool) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (str, int, float, bool)):
            pairs.append((name, text(value)))
        else:
            pairs.extend((name, text(item)) for item in value)
    return pairs


def _json_body(request: ApiRequest) -> bytes:
    try:
        return json.dumps(
            request.json, ensure_ascii=False, allow_nan=False, separators=(",", ":")
        ).encode()
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"request body of {request.method} {request.path} is not JSON-serialisable: {exc}"
        ) from None


def _headers_and_body(
    request: ApiRequest, user_agent: str
) -> tuple[
    dict[str, str],
    RequestContent | None,
    list[tuple[str, tuple[str | None, bytes, str | None]]] | None,
]:
    headers = {
        "User-Agent": user_agent,
        "Accept": _ACCEPT[request.response_kind],
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    content: RequestContent | None = None
    files: list[tuple[str, tuple[str | None, bytes, str | None]]] | None = None
    if request.json is not None:
        content = _json_body(request)
        headers["Content-Type"] = "application/json"
    elif request.content is not None:
        content = request.content
        headers["Content-Type"] = "application/octet-stream"
    elif request.multipart is not None:
        files = [(p.name, (p.filename, p.content, p.content_type)) for p in request.multipart]
    for name, value in request.headers.items():
        # The request's own headers win, case-insensitively.
        for existing in [k for k in headers if k.lower() == name.lower()]:
            del headers[existing]
        headers[name] = value
    return headers, content, files


_URL_CACHE_SIZE: Final = 256


class HttpxRequestBuilder:
    """Builds the ``httpx.Request`` of each attempt for one client's settings, auth included.

    Made once per client (settings are immutable), so the per-call work is small: the
    ``User-Agent``, ``Accept`` and auth headers are prepared once per response kind, the
    default timeout's extension once, and parsed URLs are kept (``httpx.URL`` parsing is the
    most expensive step of building a request; calls repeat URLs, e.g. listing or polling).
    The auth headers come last and replace any of the same name the request carried.

    The prepared headers contain the credentials: this object's ``repr`` never shows them.
    """

    __slots__ = (
        "_auth_headers",
        "_base_url",
        "_prepared",
        "_timeout",
        "_timeout_ext",
        "_urls",
        "_user_agent",
    )

    def __init__(
        self,
        *,
        base_url: str,
        user_agent: str,
        auth_headers: Mapping[str, str],
        timeout: httpx.Timeout,
    ) -> None:
        self._base_url = base_url
        self._user_agent = user_agent
        self._auth_headers = dict(auth_headers)
        self._timeout = timeout
        self._timeout_ext: dict[str, Any] = {"timeout": timeout.as_dict()}
        self._prepared: dict[str, httpx.Headers] = {}
        self._urls: dict[str, httpx.URL] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    def build(self, request: ApiRequest, timeout: httpx.Timeout) -> httpx.Request:
        """The request of one attempt, with ``timeout`` (the client default or a per-call one).

        Raises:
            InvalidInputError: the JSON body cannot be serialised.
        """
        extensions = (
            self._timeout_ext if timeout is self._timeout else {"timeout": timeout.as_dict()}
        )
        url = self._url(request)
        if (
            not request.headers
            and request.json is None
            and request.content is None
            and request.multipart is None
        ):
            # httpx copies a Headers instance's list, so the prepared one is never mutated.
            return httpx.Request(
                request.method,
                url,
                headers=self._headers_for(request.response_kind),
                extensions=extensions,
            )
        headers, content, files = _headers_and_body(request, self._user_agent)
        wire = httpx.Request(
            request.method,
            url,
            headers=headers,
            content=content,
            files=files,
            extensions=extensions,
        )
        wire.headers.update(self._auth_headers)
        return wire

    def _headers_for(self, kind: str) -> httpx.Headers:
        headers = self._prepared.get(kind)
        if headers is None:
            headers = httpx.Headers(
                {
                    "User-Agent": self._user_agent,
                    "Accept": _ACCEPT[kind],
                    "Accept-Encoding": ACCEPT_ENCODING,
                }
            )
            headers.update(self._auth_headers)
            self._prepared[kind] = headers
        return headers

    def _url(self, request: ApiRequest) -> httpx.URL:
        path = request.path
        pairs = _query(request.params)
        if "?" in path or "#" in path:
            # httpx replaces (or, without params, drops) a query carried in the path.
            return httpx.URL(self._base_url + path, params=pairs)
        # ``urlencode`` of the pairs is exactly ``str(httpx.QueryParams(pairs))`` here: a
        # mapping's names are unique, so httpx's grouping by name changes nothing.
        text = self._base_url + path + ("?" + urlencode(pairs) if pairs else "")
        url = self._urls.get(text)
        if url is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            url = self._urls[text] = httpx.URL(text)
        return url


def to_api_response(response: httpx.Response, request: ApiRequest, content: bytes) -> ApiResponse:
    """An :class:`ApiResponse` from an ``httpx.Response`` and its decoded body ``content``."""
    return ApiResponse(
        status_code=response.status_code,
        headers=dict(response.headers.items()),
        content=content,
        method=request.method,
        path=request.path,
    )


def redact_url(url: str) -> str:
    """``url`` safe to show: user info removed, a query string replaced by ``?…``, no fragment."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "<unparseable URL>"
    shown = parsed.copy_with(username=None, password=None, query=None, fragment=None)
    return str(shown) + ("?…" if parsed.query else "")


def _is_redirect(status_code: int) -> bool:
    # 304 Not Modified answers a conditional request: it is a response, not a redirect.
    return 300 <= status_code < 400 and status_code != 304


def redirect_error(response: httpx.Response, request: ApiRequest) -> UnexpectedRedirectError:
    """The error for a 3xx answer: redirects are never followed (they would carry credentials)."""
    location = response.headers.get("location")
    return UnexpectedRedirectError(
        location=None if location is None else redact_url(location),
        status_code=response.status_code,
        ray_id=response.headers.get("cf-ray"),
        method=request.method,
        path=request.path,
        headers={k.lower(): v for k, v in response.headers.items()},
    )


def classify_failure(exc: httpx.TransportError) -> FailureKind | None:
    """The retry class of a transport failure (``None``: not retryable at all).

    Connect errors and pool timeouts happen before the request leaves, so they are always safe
    to retry; failures after sending (read/write timeouts and errors, a server that hangs up)
    are retried only for idempotent requests.
    """
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return FailureKind.CONNECT
    if isinstance(
        exc,
        (
            httpx.ReadTimeout,
            httpx.WriteTimeout,
            httpx.ReadError,
            httpx.WriteError,
            httpx.RemoteProtocolError,
        ),
    ):
        return FailureKind.READ
    return None


def _cap(value: float | None, remaining: float) -> float:
    return remaining if value is None else min(value, remaining)


class Attempts:
    """Bookkeeping for one call: attempt count, elapsed time, deadline and retry decisions.

    The drivers call :meth:`begin` before each attempt and :meth:`after_failure` or
    :meth:`after_response` after it; a returned delay means sleep then try again.
    """

    def __init__(
        self,
        request: ApiRequest,
        policy: RetryPolicy,
        timeout: httpx.Timeout,
        clock: Callable[[], float],
    ) -> None:
        self.request = request
        # Per-call options carried by the request (RequestOptions) win over the client's.
        if request.max_retries is not None and request.max_retries != policy.max_retries:
            policy = policy.evolve(max_retries=request.max_retries)
        if not request.replayable and policy.max_retries:
            policy = policy.evolve(max_retries=0)  # a streamed body is gone after one attempt
        if request.timeout is not None:
            timeout = httpx.Timeout(request.timeout)
        self.policy = policy
        self.timeout = timeout
        self.clock = clock
        self.count = 0
        self.started = clock()

    @property
    def elapsed(self) -> float:
        """Seconds since the first attempt began."""
        return self.clock() - self.started

    def begin(self) -> httpx.Timeout:
        """Count an attempt; its timeout, capped by what is left of ``total_timeout``.

        Raises:
            APITimeoutError: the total deadline has already passed.
        """
        self.count += 1
        total = self.policy.total_timeout
        if total is None:
            return self.timeout
        remaining = total - self.elapsed
        if remaining <= 0:
            raise APITimeoutError(
                f"total timeout of {total:g}s exceeded after {self.count - 1} attempt(s)",
                method=self.request.method,
                path=self.request.path,
            )
        t = self.timeout
        return httpx.Timeout(
            connect=_cap(t.connect, remaining),
            read=_cap(t.read, remaining),
            write=_cap(t.write, remaining),
            pool=_cap(t.pool, remaining),
        )

    def after_failure(self, exc: httpx.TransportError) -> tuple[float | None, APIConnectionError]:
        """The delay before retrying (or ``None``) and the error to raise when giving up."""
        kind = classify_failure(exc)
        delay = None
        if kind is not None:
            delay = self.policy.decide(
                attempt=self.count,
                method=self.request.method,
                failure=kind,
                retry_safe=self.request.retry_safe,
                elapsed=self.elapsed,
            )
        if delay is not None:
            self._log_retry(delay, type(exc).__name__)
        else:
            logger.debug(
                "%s %s: giving up after %s (attempt %d, %.3fs elapsed)",
                self.request.method,
                self.request.path,
                type(exc).__name__,
                self.count,
                self.elapsed,
            )
        return delay, self._error(exc)

    def check_deadline(self) -> None:
        """Raise once ``total_timeout`` has passed (checked before each chunk of a body).

        Raises:
            APITimeoutError: the deadline has passed.
        """
        total = self.policy.total_timeout
        if total is not None and self.elapsed >= total:
            raise APITimeoutError(
                f"total timeout of {total:g}s exceeded while reading the response body",
                method=self.request.method,
                path=self.request.path,
            )

    def decoder(self, response: httpx.Response, max_size: int | None) -> BodyDecoder:
        """A :class:`BodyDecoder` for ``response``'s body, under this call's deadline."""
        return BodyDecoder(
            response.headers,
            method=self.request.method,
            path=self.request.path,
            max_size=max_size,
            check_deadline=None if self.policy.total_timeout is None else self.check_deadline,
            decoded=response.is_stream_consumed,
        )

    def after_response(self, response: httpx.Response) -> float | None:
        """The delay before retrying after this response's status, or ``None`` to keep it.

        Raises:
            UnexpectedRedirectError: the response is a redirect (never followed).
        """
        self._log_response(response)
        if response.is_success:
            return None
        if _is_redirect(response.status_code):
            raise redirect_error(response, self.request)
        headers = {k.lower(): v for k, v in response.headers.items()}
        delay = self.policy.decide(
            attempt=self.count,
            method=self.request.method,
            status_code=response.status_code,
            headers=headers,
            retry_safe=self.request.retry_safe,
            elapsed=self.elapsed,
        )
        if delay is not None:
            self._log_retry(delay, f"status {response.status_code}")
        return delay

    def _error(self, exc: httpx.TransportError) -> APIConnectionError:
        detail = str(exc)
        url = exc.request.url if _has_request(exc) else None
        if url is not None and url.query:
            # Never repeat a query string: it may carry signed tokens.
            detail = detail.replace(url.query.decode("ascii", "replace"), "…")
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "request timed out" if kind is APITimeoutError else "connection failed"
        plural = "s" if self.count != 1 else ""
        return kind(
            f"{what} after {self.count} attempt{plural}: {type(exc).__name__}"
            + (f": {detail}" if detail else ""),
            method=self.request.method,
            path=self.request.path,
        )

    def _log_response(self, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d (attempt %d, %.3fs) request headers %s",
                self.request.method,
                self.request.path,
                response.status_code,
                self.count,
                self.elapsed,
                redact_headers(response.request.headers),
            )

    def _log_retry(self, delay: float, reason: str) -> None:
        logger.debug(
            "%s %s: retrying after %s in %.3fs (attempt %d, %.3fs elapsed)",
            self.request.method,
            self.request.path,
            reason,
            delay,
            self.count,
            self.elapsed,
        )


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018 - the property raises when no request is attached
    except RuntimeError:
        return False
    return True
