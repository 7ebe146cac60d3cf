"""The sync HTTP client: one connection pool, one set of credentials, retries."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

import httpx

from cloudflarefs.core.envelope import raise_for_status
from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http._body import DEFAULT_MAX_RESPONSE_SIZE
from cloudflarefs.core.http._config import (
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUT,
    resolve_account_id,
    to_timeout,
)
from cloudflarefs.core.http._exchange import (
    NO_HTTPX_AUTH,
    Attempts,
    HttpxRequestBuilder,
    to_api_response,
)
from cloudflarefs.core.http._pool import LazyPool
from cloudflarefs.core.http._settings import ClientSettings
from cloudflarefs.core.http.credentials import CloudflareAuth
from cloudflarefs.core.http.streaming import StreamingResponse, read_body
from cloudflarefs.core.retry import RetryPolicy
from cloudflarefs.core.unset import UNSET, Unset
from cloudflarefs.core.wire import ApiRequest, ApiResponse

__all__ = ["HttpClient"]


class HttpClient:
    """Sends :class:`~cloudflarefs.core.wire.ApiRequest` values to the Cloudflare API (sync).

    Credentials: exactly one mode, from the arguments or else the environment; explicit
    arguments win over the environment as a whole (see :mod:`cloudflarefs.core.http.credentials`).
    ``account_id`` / ``CLOUDFLARE_ACCOUNT_ID`` is the default account of every call;
    ``base_url`` / ``CLOUDFLARE_BASE_URL`` defaults to ``https://api.cloudflare.com/client/v4``
    and must be https (plain http only to loopback).

    Defaults: timeouts connect 5 s, read 60 s, write 60 s, pool 10 s (a number sets all four);
    :data:`~cloudflarefs.core.retry.DEFAULT_RETRY` (two retries, exponential backoff with jitter,
    ``Retry-After`` honoured up to 60 s; 429 retried for every method, 408/5xx and lost
    connections only for idempotent or ``retry_safe`` requests, 409 never); a pool of 100
    connections (20 kept alive).

    Limits and guarantees: redirects are never followed, whatever ``http_client`` is passed
    (a 3xx raises :class:`~cloudflarefs.core.errors.UnexpectedRedirectError`); a retry policy's
    ``total_timeout`` also covers reading the body, streamed or not; a buffered body may
    decode to at most ``max_response_size`` bytes (default 64 MiB, else
    :class:`~cloudflarefs.core.errors.ResponseTooLargeError`); ``Accept-Encoding: gzip`` is
    sent and inflated under that limit.

    Ownership: a client created here owns its ``httpx.Client`` and closes it in :meth:`close`.
    An ``http_client=`` passed in is never closed by this class. Copies from :meth:`with_options`
    share the pool and never close it; close the original when done with all of them.

    ``sleep`` and ``clock`` replace ``time.sleep`` and ``time.monotonic`` (for tests).

    Raises:
        ConfigurationError: missing or ambiguous credentials, a non-https base URL, or both
            ``http_client`` and ``transport``.
    """

    def __init__(
        self,
        *,
        api_token: str | None = None,
        api_key: str | None = None,
        api_email: str | None = None,
        user_service_key: str | None = None,
        account_id: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        user_agent_product: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ConfigurationError("pass either http_client= or transport=, not both")
        settings = ClientSettings.resolve(
            api_token=api_token,
            api_key=api_key,
            api_email=api_email,
            user_service_key=user_service_key,
            account_id=account_id,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            user_agent_product=user_agent_product,
            max_response_size=max_response_size,
        )
        pool: LazyPool[httpx.Client]
        if http_client is None:
            pool = LazyPool(
                lambda: httpx.Client(
                    transport=transport, limits=DEFAULT_LIMITS, follow_redirects=False
                )
            )
        else:
            pool = LazyPool(lambda: http_client)
        self._init(
            settings, pool, http_client is None, sleep or time.sleep, clock or time.monotonic
        )

    def _init(
        self,
        settings: ClientSettings,
        pool: LazyPool[httpx.Client],
        owns_pool: bool,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        self._settings = settings
        self._builder = HttpxRequestBuilder(
            base_url=settings.base_url,
            user_agent=settings.user_agent,
            auth_headers=settings.auth.auth_headers(),
            timeout=settings.timeout,
        )
        self._pool = pool
        self._owns_pool = owns_pool
        self._sleep = sleep
        self._clock = clock

    @property
    def settings(self) -> ClientSettings:
        """The resolved settings (credentials inside are redacted in every repr)."""
        return self._settings

    @property
    def auth(self) -> CloudflareAuth:
        """The auth scheme in use (its ``mode`` says which)."""
        return self._settings.auth

    @property
    def account_id(self) -> str | None:
        """The default account id, if any."""
        return self._settings.account_id

    @property
    def base_url(self) -> str:
        """The API root every request path is appended to."""
        return self._settings.base_url

    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` sent with every request."""
        return self._settings.user_agent

    @property
    def http_client(self) -> httpx.Client:
        """The underlying ``httpx.Client`` (the connection pool; built on first use)."""
        return self._pool.get()

    def resolve_account_id(self, account_id: str | None) -> str:
        """``account_id`` if given, else the client's default.

        Raises:
            InvalidInputError: neither is set, or ``account_id`` is empty.
        """
        return resolve_account_id(account_id, self._settings.account_id)

    def with_options(
        self,
        *,
        api_token: str | Unset = UNSET,
        api_key: str | Unset = UNSET,
        api_email: str | Unset = UNSET,
        user_service_key: str | Unset = UNSET,
        account_id: str | Unset | None = UNSET,
        base_url: str | Unset = UNSET,
        timeout: float | httpx.Timeout | Unset = UNSET,
        retry: RetryPolicy | Unset = UNSET,
        user_agent_product: str | Unset | None = UNSET,
        max_response_size: int | Unset = UNSET,
    ) -> HttpClient:
        """A copy with some settings changed that shares this client's connection pool.

        Credentials given here replace the current ones as a whole. The copy does not own the
        pool: closing it is a no-op, and closing this client closes the pool for both.
        """
        copy = object.__new__(type(self))
        settings = self._settings.evolve(
            api_token=api_token,
            api_key=api_key,
            api_email=api_email,
            user_service_key=user_service_key,
            account_id=account_id,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            user_agent_product=user_agent_product,
            max_response_size=max_response_size,
        )
        copy._init(settings, self._pool, False, self._sleep, self._clock)
        return copy

    def _send(
        self,
        request: ApiRequest,
        retry: RetryPolicy | None,
        timeout: float | httpx.Timeout | None,
        stream: bool,
    ) -> tuple[httpx.Response, Attempts, bytes]:
        """The final response, its attempts (for the deadline) and its body (``b""`` if ``stream``).

        The body of a buffered response is read inside the retry loop, so a transfer cut
        midway is retried like a lost connection. A streamed response is left open.
        """
        settings = self._settings
        pool = self._pool.get()
        attempts = Attempts(
            request,
            settings.retry if retry is None else retry,
            settings.timeout if timeout is None else to_timeout(timeout),
            self._clock,
        )
        while True:
            # The builder adds the auth headers; NO_HTTPX_AUTH keeps a pool's own auth out, and
            # follow_redirects=False overrides a pool's own setting (credentials must not follow).
            wire = self._builder.build(request, attempts.begin())
            response: httpx.Response | None = None
            keep_open = False
            try:
                response = pool.send(wire, auth=NO_HTTPX_AUTH, stream=True, follow_redirects=False)
                delay = attempts.after_response(response)
                if delay is None:
                    if stream:
                        keep_open = True
                        return response, attempts, b""
                    decoder = attempts.decoder(response, settings.max_response_size)
                    return response, attempts, read_body(response, decoder)
            except httpx.TransportError as exc:
                delay, error = attempts.after_failure(exc)
                if delay is None:
                    raise error from exc
            finally:
                if response is not None and not keep_open:
                    response.close()
            self._sleep(delay)

    def send(
        self,
        request: ApiRequest,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ApiResponse:
        """Send ``request`` with retries and return the final response, whatever its status.

        Status errors are raised by parsing (:func:`~cloudflarefs.core.envelope.parse_envelope`
        or :func:`~cloudflarefs.core.envelope.raise_for_status`), not here. ``retry`` and
        ``timeout`` replace the client's settings for this call.

        Raises:
            APIConnectionError: no response (connection refused, reset, ...) after the retries.
            APITimeoutError: timed out after the retries, or the total deadline passed.
            InvalidInputError: the JSON body cannot be serialised (nothing was sent).
        """
        response, _, body = self._send(request, retry, timeout, False)
        return to_api_response(response, request, body)

    @contextmanager
    def stream(
        self,
        request: ApiRequest,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Generator[StreamingResponse]:
        """Send ``request`` and stream a successful response's body.

        Retries apply until the response headers arrive. An error status reads the body (at
        most ``max_response_size``) and raises the matching
        :class:`~cloudflarefs.core.errors.APIStatusError`. The retry policy's ``total_timeout``
        covers the body too; the body itself has no size limit.

        Example:
            >>> with http.stream(ApiRequest("GET", path)) as response:  # doctest: +SKIP
            ...     for chunk in response.iter_bytes():
            ...         sink.write(chunk)
        """
        response, attempts, _ = self._send(request, retry, timeout, True)
        try:
            streamed = StreamingResponse(
                response,
                request.method,
                request.path,
                attempts.decoder(response, None),
                self._settings.max_response_size,
            )
            if not response.is_success:
                body = streamed.read()
                raise_for_status(to_api_response(response, request, body))
            yield streamed
        finally:
            response.close()

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_pool:
            # A pool never used is built to be closed, so http_client reports it closed and
            # sending through it fails as before.
            self._pool.get().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        s = self._settings
        return (
            f"{type(self).__name__}(mode={s.auth.mode!r}, base_url={s.base_url!r}, "
            f"account_id={s.account_id!r}, owns_pool={self._owns_pool})"
        )
