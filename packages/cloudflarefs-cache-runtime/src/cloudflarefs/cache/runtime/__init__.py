"""Typed Workers Cache API for Python Workers.

::

    from cloudflarefs.cache.runtime import CacheEntry, CacheStorage

    cache = CacheStorage().default
    await cache.put("https://example.com/k", CacheEntry("hi", headers={"cache-control": "max-age=60"}))
    hit = await cache.match("https://example.com/k")
"""

from cloudflarefs.cache.runtime._cache import (
    Cache,
    CachedResponse,
    CacheEntry,
    CacheStorage,
    RequestLike,
)
from cloudflarefs.cache.runtime._version import __version__

__all__ = ["Cache", "CacheEntry", "CacheStorage", "CachedResponse", "RequestLike", "__version__"]
