"""The async unified client (the source of the derived sync ``_sync_cloudflare``)."""

from __future__ import annotations

from typing import Any, TypeVar

from cloudflarefs.core.http._aio_service import AsyncServiceClient
from cloudflarefs.core.http._services import ENTRY_POINT_GROUP_AIO, Services, check_class
from cloudflarefs.core.http.aio import AsyncHttpClient

__all__ = ["AsyncCloudflare"]

_AsyncService = TypeVar("_AsyncService", bound=AsyncServiceClient)


class AsyncCloudflare(AsyncServiceClient):
    """Every installed management service behind one :class:`AsyncHttpClient` (async).

    Pass ``http=`` to share an existing client, or its keyword arguments (``api_token=``,
    ``account_id=``, ...) to create one that this object owns and closes.

    ``cf.service(KVClient)`` returns the KV client over this HTTP client, typed as ``KVClient``
    for type checkers; it takes the client classes registered under the
    ``cloudflarefs.management.aio`` entry points (``cloudflarefs.kv.management.aio.KVClient``).
    Services also appear as attributes on first use (``cf.kv``, ``cf.r2``, ...; typed ``Any``);
    ``dir(cf)`` lists the installed ones and an unknown one raises ``AttributeError`` naming the
    package to install. Both ways give the same instance.

    Example:
        >>> from cloudflarefs.kv.management.aio import KVClient  # doctest: +SKIP
        >>> async with AsyncCloudflare(api_token="...", account_id="...") as cf:  # doctest: +SKIP
        ...     await cf.service(KVClient).namespaces.create("sessions")
    """

    def _attach(self, http: AsyncHttpClient) -> None:
        self._services = Services(ENTRY_POINT_GROUP_AIO)

    def services(self) -> list[str]:
        """The names of the installed management services (of this client's flavour)."""
        return self._services.names()

    def service(self, client_class: type[_AsyncService]) -> _AsyncService:
        """The ``client_class`` instance sharing this HTTP client (created once, then reused).

        Raises:
            TypeError: ``client_class`` is not a subclass of :class:`AsyncServiceClient` (a
                client of the other flavour, sync or async, is refused).
        """
        check_class(self, client_class, AsyncServiceClient)
        result: _AsyncService = self._services.instance(client_class, self._http)
        return result

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._services.get(self, name, self._http)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._services.names()})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
