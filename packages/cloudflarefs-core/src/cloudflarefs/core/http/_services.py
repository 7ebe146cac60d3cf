"""What the sync and async unified clients share: the entry point groups and lazy lookup."""

from __future__ import annotations

import importlib.metadata
from typing import Any

__all__ = ["ENTRY_POINT_GROUP", "ENTRY_POINT_GROUP_AIO", "Services", "check_class", "missing"]

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


def missing(owner: object, name: str) -> AttributeError:
    dist = f"cloudflarefs-{name.replace('_', '-')}-management"
    return AttributeError(
        f"{type(owner).__name__!r} has no service {name!r}: install it with "
        f"`pip install {dist}` (or `pip install 'cloudflarefs[{name.replace('_', '-')}]'`)"
    )


class Services:
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
            raise missing(owner, name)
        assert self._available is not None
        service = self.instance(self._available[name].load(), http)
        self._loaded[name] = service
        return service

    def instance(self, client_class: type, http: object) -> Any:
        """The one ``client_class`` over ``http``, created on first use."""
        if client_class not in self._by_class:
            self._by_class[client_class] = client_class(http=http)
        return self._by_class[client_class]


def check_class(owner: object, client_class: object, base: type) -> None:
    if not (isinstance(client_class, type) and issubclass(client_class, base)):
        raise TypeError(
            f"{type(owner).__name__}.service() takes a subclass of {base.__name__} "
            f"(for example KVClient from cloudflarefs.kv.management"
            f"{'.aio' if base.__name__.startswith('Async') else ''}), got {client_class!r}"
        )
