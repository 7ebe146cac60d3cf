"""The unified client: one pool and one set of credentials for every installed service.

Management packages register their client class under the entry point group
``cloudflarefs.management`` (async: ``cloudflarefs.management.aio``); the entry point name is
the attribute, e.g. ``kv = "cloudflarefs.kv.management:KVClient"`` makes ``cf.kv``. Nothing here
imports a service package: only installed entry points are loaded, on first use.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any, TypeVar

from cloudflarefs.core.http.aio import AsyncHttpClient
from cloudflarefs.core.http.client import HttpClient
from cloudflarefs.core.http.service import AsyncServiceClient, ServiceClient

__all__ = ["ENTRY_POINT_GROUP", "ENTRY_POINT_GROUP_AIO", "AsyncCloudflare", "Cloudflare"]

_Service = TypeVar("_Service", bound=ServiceClient)
_AsyncService = TypeVar("_AsyncService", bound=AsyncServiceClient)

ENTRY_POINT_GROUP = "cloudflarefs.management"
"""Entry points of the sync management clients: ``<attribute> = module:Class``."""

ENTRY_POINT_GROUP_AIO = "cloudflarefs.management.aio"
"""Entry points of the async management clients."""


def _entry_points(group: str) -> dict[str, importlib.metadata.EntryPoint]:
    # First registration wins if two distributions claim the same name.
    found: dict[str, importlib.metadata.EntryPoint] = {}
    for ep in importlib.metadata.entry_points(group=group):
        found.setdefault(ep.name, ep)
    return found


def _missing(owner: object, name: str) -> AttributeError:
    dist = f"cloudflarefs-{name.replace('_', '-')}-management"
    return AttributeError(
        f"{type(owner).__name__!r} has no service {name!r}: install it with "
        f"`pip install {dist}` (or `pip install 'cloudflarefs[{name.replace('_', '-')}]'`)"
    )


class _Services:
    """Lazy attribute lookup over one entry point group; one instance per client class."""

    def __init__(self, group: str) -> None:
        self._group = group
        self._available: dict[str, importlib.metadata.EntryPoint] | None = None
        self._loaded: dict[str, Any] = {}
        self._by_class: dict[type, Any] = {}

    def names(self) -> list[str]:
        if self._available is None:
            self._available = _entry_points(self._group)
        return sorted(self._available)

    def get(self, owner: object, name: str, http: object) -> Any:
        if name in self._loaded:
            return self._loaded[name]
        if name not in self.names():
            raise _missing(owner, name)
        assert self._available is not None
        service = self.instance(self._available[name].load(), http)
        self._loaded[name] = service
        return service

    def instance(self, client_class: type, http: object) -> Any:
        """The one ``client_class`` over ``http``, created on first use."""
        if client_class not in self._by_class:
            self._by_class[client_class] = client_class(http=http)
        return self._by_class[client_class]


def _check_class(owner: object, client_class: object, base: type) -> None:
    if not (isinstance(client_class, type) and issubclass(client_class, base)):
        raise TypeError(
            f"{type(owner).__name__}.service() takes a subclass of {base.__name__} "
            f"(for example KVClient from cloudflarefs.kv.management"
            f"{'.aio' if base is AsyncServiceClient else ''}), got {client_class!r}"
        )


class Cloudflare(ServiceClient):
    """Every installed management service behind one :class:`HttpClient` (sync).

    Pass ``http=`` to share an existing client, or its keyword arguments (``api_token=``,
    ``account_id=``, ...) to create one that this object owns and closes.

    ``cf.service(KVClient)`` returns the KV client over this HTTP client, typed as ``KVClient``
    for type checkers. Services also appear as attributes on first use (``cf.kv``, ``cf.r2``,
    ...; typed ``Any``); ``dir(cf)`` lists the installed ones and an unknown one raises
    ``AttributeError`` naming the package to install. Both ways give the same instance.

    Example:
        >>> from cloudflarefs.kv.management import KVClient  # doctest: +SKIP
        >>> with Cloudflare(api_token="...", account_id="...") as cf:  # doctest: +SKIP
        ...     cf.service(KVClient).namespaces.create("sessions")
    """

    def _attach(self, http: HttpClient) -> None:
        self._services = _Services(ENTRY_POINT_GROUP)

    def services(self) -> list[str]:
        """The names of the installed management services."""
        return self._services.names()

    def service(self, client_class: type[_Service]) -> _Service:
        """The ``client_class`` instance sharing this HTTP client (created once, then reused).

        Raises:
            TypeError: ``client_class`` is not a :class:`ServiceClient` subclass (an async
                client belongs to :meth:`AsyncCloudflare.service`).
        """
        _check_class(self, client_class, ServiceClient)
        result: _Service = self._services.instance(client_class, self._http)
        return result

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._services.get(self, name, self._http)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._services.names()})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"


class AsyncCloudflare(AsyncServiceClient):
    """The async twin of :class:`Cloudflare`, over one :class:`AsyncHttpClient`.

    Services come from the ``cloudflarefs.management.aio`` entry points;
    ``cf.service(KVClient)`` takes the async client class
    (``cloudflarefs.kv.management.aio.KVClient``) and is typed as it.
    """

    def _attach(self, http: AsyncHttpClient) -> None:
        self._services = _Services(ENTRY_POINT_GROUP_AIO)

    def services(self) -> list[str]:
        """The names of the installed async management services."""
        return self._services.names()

    def service(self, client_class: type[_AsyncService]) -> _AsyncService:
        """The ``client_class`` instance sharing this HTTP client (created once, then reused).

        Raises:
            TypeError: ``client_class`` is not an :class:`AsyncServiceClient` subclass (a sync
                client belongs to :meth:`Cloudflare.service`).
        """
        _check_class(self, client_class, AsyncServiceClient)
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
