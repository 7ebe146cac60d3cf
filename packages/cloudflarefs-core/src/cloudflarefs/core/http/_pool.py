"""The connection pool of a client: built on first use, shared by ``with_options`` copies."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

__all__ = ["LazyPool"]

PoolT = TypeVar("PoolT", httpx.Client, httpx.AsyncClient)


class LazyPool(Generic[PoolT]):
    """Holds the ``httpx.Client`` (or ``AsyncClient``) of a client, building it when first needed.

    Building one costs about 30 ms, nearly all of it the TLS context loading the CA bundle, so
    constructing a cloudflarefs client stays cheap and that cost moves to the first request (or
    the first access of ``http_client``). For an injected client, ``build`` just returns it.
    """

    __slots__ = ("_build", "_client", "_lock")

    def __init__(self, build: Callable[[], PoolT]) -> None:
        self._build = build
        self._client: PoolT | None = None
        self._lock = threading.Lock()

    def get(self) -> PoolT:
        """The client, built now if this is the first use."""
        client = self._client
        if client is None:
            with self._lock:  # two threads' first requests must not build two pools
                client = self._client
                if client is None:
                    client = self._client = self._build()
        return client
