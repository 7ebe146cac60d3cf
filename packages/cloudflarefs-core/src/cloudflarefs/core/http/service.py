"""Bases for service clients: one shared-or-owned HTTP client, closing, context managers.

Every management client (``KVClient``, ``R2Client``, ...) and the unified ``Cloudflare``
client takes either ``http=`` (an existing client to share) or the keyword arguments of
:class:`~cloudflarefs.core.http.HttpClient` (to build one it owns), typed as
:class:`HttpOptions` (async: :class:`AsyncHttpOptions`) so type checkers see every option.
These bases hold that logic once; a subclass sets :attr:`ServiceClient.user_agent_product` and
attaches its resources in :meth:`ServiceClient._attach`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypedDict, TypeVar, Unpack

import httpx

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http.client import HttpClient
from cloudflarefs.core.retry import RetryPolicy

if TYPE_CHECKING:
    # The async client imports asyncio (~10 ms): loaded by AsyncServiceClient when first built.
    from cloudflarefs.core.http.aio import AsyncHttpClient

__all__ = ["AsyncHttpOptions", "AsyncServiceClient", "HttpOptions", "ServiceClient"]

_Http = TypeVar("_Http", HttpClient, "AsyncHttpClient")


class _CommonHttpOptions(TypedDict, total=False):
    api_token: str | None
    api_key: str | None
    api_email: str | None
    user_service_key: str | None
    account_id: str | None
    base_url: str | None
    timeout: float | httpx.Timeout
    retry: RetryPolicy | None
    user_agent_product: str | None
    clock: Callable[[], float] | None


class HttpOptions(_CommonHttpOptions, total=False):
    """The keyword arguments of :class:`~cloudflarefs.core.http.HttpClient`, all optional.

    A service client given these (instead of ``http=``) builds and owns its HTTP client:
    ``api_token``, ``api_key``/``api_email``, ``user_service_key``, ``account_id``,
    ``base_url``, ``timeout``, ``retry``, ``http_client``, ``transport``,
    ``user_agent_product``, ``sleep`` and ``clock``, with the meaning and defaults documented
    on :class:`~cloudflarefs.core.http.HttpClient`.
    """

    http_client: httpx.Client | None
    transport: httpx.BaseTransport | None
    sleep: Callable[[float], None] | None


class AsyncHttpOptions(_CommonHttpOptions, total=False):
    """The keyword arguments of :class:`~cloudflarefs.core.http.AsyncHttpClient`, all optional.

    As :class:`HttpOptions`, with an ``httpx.AsyncClient``, an async transport and an
    awaitable ``sleep``.
    """

    http_client: httpx.AsyncClient | None
    transport: httpx.AsyncBaseTransport | None
    sleep: Callable[[float], Awaitable[None]] | None


def _shared_or_owned(
    http: _Http | None,
    http_kwargs: Mapping[str, object],
    factory: Callable[..., _Http],
    user_agent_product: str | None,
) -> tuple[_Http, bool]:
    """``(client, owned)``: ``http`` as given, or a new client built from ``http_kwargs``."""
    if http is not None:
        if http_kwargs:
            # Settings passed next to a shared client would be silently ignored: refuse them.
            raise ConfigurationError(
                f"pass either http= or {factory.__name__} arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        return http, False
    kwargs: dict[str, Any] = dict(http_kwargs)
    if user_agent_product is not None:
        kwargs.setdefault("user_agent_product", user_agent_product)
    return factory(**kwargs), True


class ServiceClient:
    """Base of the sync service clients: shares an :class:`HttpClient` or builds and owns one.

    Pass ``http=`` to share an existing :class:`HttpClient` (it is never closed here), or its
    keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...) to
    build one that :meth:`close` closes. ``user_agent_product`` (a class attribute) is added to
    the ``User-Agent`` of a client built here unless the arguments name one.

    Raises:
        ConfigurationError: both ``http=`` and HttpClient arguments were given (the message
            names the arguments), or the arguments themselves are invalid.
    """

    user_agent_product: ClassVar[str | None] = None
    """``name/version`` added to the ``User-Agent`` of an HTTP client built by this class."""

    def __init__(
        self, *, http: HttpClient | None = None, **http_kwargs: Unpack[HttpOptions]
    ) -> None:
        self._http, self._owns_http = _shared_or_owned(
            http, http_kwargs, HttpClient, self.user_agent_product
        )
        self._attach(self._http)

    def _attach(self, http: HttpClient) -> None:
        """Create the resource attributes over ``http`` (subclasses override; called once)."""

    @property
    def http(self) -> HttpClient:
        """The HTTP client this client sends through."""
        return self._http

    def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            self._http.close()

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
        # Ownership only: the HTTP client's settings hold credentials.
        return f"{type(self).__name__}(owns_http={self._owns_http})"


class AsyncServiceClient:
    """Base of the async service clients: the async twin of :class:`ServiceClient`.

    Shares an :class:`AsyncHttpClient` (``http=``) or builds and owns one from its keyword
    arguments; ``await close()`` or ``async with`` closes an owned one.

    Raises:
        ConfigurationError: both ``http=`` and AsyncHttpClient arguments were given, or the
            arguments themselves are invalid.
    """

    user_agent_product: ClassVar[str | None] = None
    """``name/version`` added to the ``User-Agent`` of an HTTP client built by this class."""

    def __init__(
        self, *, http: AsyncHttpClient | None = None, **http_kwargs: Unpack[AsyncHttpOptions]
    ) -> None:
        from cloudflarefs.core.http.aio import AsyncHttpClient  # deferred: see the imports

        self._http, self._owns_http = _shared_or_owned(
            http, http_kwargs, AsyncHttpClient, self.user_agent_product
        )
        self._attach(self._http)

    def _attach(self, http: AsyncHttpClient) -> None:
        """Create the resource attributes over ``http`` (subclasses override; called once)."""

    @property
    def http(self) -> AsyncHttpClient:
        """The HTTP client this client sends through."""
        return self._http

    async def close(self) -> None:
        """Close the HTTP client if this client created it (a shared one stays open)."""
        if self._owns_http:
            await self._http.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        # Ownership only: the HTTP client's settings hold credentials.
        return f"{type(self).__name__}(owns_http={self._owns_http})"
