"""The async base of the service clients (the source of the derived sync ``_sync_service``)."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Self, Unpack

from cloudflarefs.core.http._options import AsyncHttpOptions, shared_or_owned

# unasync: async-only
if TYPE_CHECKING:
    # The async client imports asyncio (~10 ms): loaded when an AsyncServiceClient is built.
    from cloudflarefs.core.http.aio import AsyncHttpClient
# unasync: end
# unasync: sync-only from cloudflarefs.core.http.client import HttpClient

__all__ = ["AsyncServiceClient"]


class AsyncServiceClient:
    """Base of the async service clients: shares an :class:`AsyncHttpClient` or builds and owns one.

    Pass ``http=`` to share an existing :class:`AsyncHttpClient` (it is never closed here), or
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...;
    see :class:`AsyncHttpOptions`) to build one that ``await close()`` or ``async with`` closes.
    ``user_agent_product`` (a class attribute) is added to the ``User-Agent`` of a client built
    here unless the arguments name one. A subclass attaches its resources in :meth:`_attach`.

    Raises:
        ConfigurationError: both ``http=`` and AsyncHttpClient arguments were given (the
            message names the arguments), or the arguments themselves are invalid.
    """

    user_agent_product: ClassVar[str | None] = None
    """``name/version`` added to the ``User-Agent`` of an HTTP client built by this class."""

    def __init__(
        self, *, http: AsyncHttpClient | None = None, **http_kwargs: Unpack[AsyncHttpOptions]
    ) -> None:
        # unasync: async-only
        from cloudflarefs.core.http.aio import AsyncHttpClient  # deferred: see the imports

        # unasync: end
        self._http, self._owns_http = shared_or_owned(
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
