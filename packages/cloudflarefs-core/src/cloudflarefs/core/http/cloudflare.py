"""The unified client: one pool and one set of credentials for every installed service.

Management packages register their client class under the entry point group
``cloudflarefs.management`` (async: ``cloudflarefs.management.aio``); the entry point name is
the attribute, e.g. ``kv = "cloudflarefs.kv.management:KVClient"`` makes ``cf.kv``. Nothing here
imports a service package: only installed entry points are loaded, on first use.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from cloudflarefs.core.http.aio import AsyncHttpClient
from cloudflarefs.core.http.client import HttpClient
from cloudflarefs.core.http.service import AsyncServiceClient, ServiceClient

__all__ = ["ENTRY_POINT_GROUP", "ENTRY_POINT_GROUP_AIO", "AsyncCloudflare", "Cloudflare"]

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
    """Lazy attribute lookup over one entry point group."""

    def __init__(self, group: str) -> None:
        self._group = group
        self._available: dict[str, importlib.metadata.EntryPoint] | None = None
        self._loaded: dict[str, Any] = {}

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
        client_class = self._available[name].load()
        service = client_class(http=http)
        self._loaded[name] = service
        return service


class Cloudflare(ServiceClient):
    """Every installed management service behind one :class:`HttpClient` (sync).

    Pass ``http=`` to share an existing client, or its keyword arguments (``api_token=``,
    ``account_id=``, ...) to create one that this object owns and closes. Services appear as
    attributes on first use (``cf.kv``, ``cf.r2``, ...); ``dir(cf)`` lists the installed ones
    and an unknown one raises ``AttributeError`` naming the package to install.

    Example:
        >>> with Cloudflare(api_token="...", account_id="...") as cf:  # doctest: +SKIP
        ...     cf.kv.namespaces.create("sessions")
    """

    def _attach(self, http: HttpClient) -> None:
        self._services = _Services(ENTRY_POINT_GROUP)

    def services(self) -> list[str]:
        """The names of the installed management services."""
        return self._services.names()

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

    Services come from the ``cloudflarefs.management.aio`` entry points.
    """

    def _attach(self, http: AsyncHttpClient) -> None:
        self._services = _Services(ENTRY_POINT_GROUP_AIO)

    def services(self) -> list[str]:
        """The names of the installed async management services."""
        return self._services.names()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._services.get(self, name, self._http)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._services.names()})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
