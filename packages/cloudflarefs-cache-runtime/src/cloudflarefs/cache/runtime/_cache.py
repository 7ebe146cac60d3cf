"""``CacheStorage`` and ``Cache``: typed façades over the Workers Cache API."""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import call_js, from_js, js_errors, to_js

RequestLike = str | Any
"""A cache key: an ``http(s)://`` URL string or a JS ``Request``."""


def _js_global(name: str) -> Any:
    try:
        return getattr(importlib.import_module("js"), name)
    except ImportError as exc:
        raise RuntimeError(
            f"the JS global {name!r} is only available inside a Python Worker; pass it explicitly"
        ) from exc
    except AttributeError as exc:
        raise RuntimeError(
            f"this JS runtime has no {name!r} (workerd-only); pass it explicitly"
        ) from exc


def check_request(request: object) -> Any:
    """URL strings must be absolute ``http(s)`` URLs (the Cache API rejects anything else)."""
    if request is None:
        raise InvalidInputError("a cache key (URL string or JS Request) is required")
    if isinstance(request, str) and not request.startswith(("http://", "https://")):
        raise InvalidInputError(f"cache keys must be absolute http(s) URLs, got {request!r}")
    if isinstance(request, bytes | bytearray | int | float | dict | list | tuple):
        kind = type(request).__name__  # pyright: ignore[reportUnknownArgumentType]
        raise InvalidInputError(f"a cache key must be a URL string or a JS Request, not {kind}")
    return request


@attrs.frozen
class CacheEntry:
    """A response to store, built from Python values.

    ``cache.put`` rejects ``206 Partial Content`` and ``Vary: *``; both are checked here, before
    any JS call. Set ``Cache-Control`` (e.g. ``max-age=3600``) to control how long it is kept.
    """

    body: bytes | str = b""
    status: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict[str, str])

    def __attrs_post_init__(self) -> None:
        body: object = self.body
        if not isinstance(body, bytes | str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"body must be bytes or str, got {type(body).__name__}")
        status: object = self.status
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"status must be an int in 200..599, got {status!r}")
        if status == 206:
            raise InvalidInputError("the Cache API cannot store 206 Partial Content responses")
        for key, value in self.headers.items():
            if not isinstance(key, str) or not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputError("headers must map str to str")
            if key.lower() == "vary" and value.strip() == "*":
                raise InvalidInputError("the Cache API cannot store responses with 'Vary: *'")

    def init(self) -> dict[str, Any]:
        """The JS ``ResponseInit``."""
        return {"status": self.status, "headers": dict(self.headers)}


class CachedResponse:
    """A cache hit: status and headers up front, the body read on demand (once)."""

    __slots__ = ("_js", "headers", "status")

    def __init__(self, js_response: Any) -> None:
        self._js: Any = js_response
        self.status: int = int(js_response.status)
        self.headers: dict[str, str] = _headers(js_response.headers)

    def __repr__(self) -> str:
        return f"CachedResponse(status={self.status})"

    @property
    def js(self) -> Any:
        """The JS ``Response`` (for returning it from a fetch handler as-is)."""
        return self._js

    async def bytes(self) -> bytes:
        """The body, copied out of JS."""
        data = from_js(await call_js(self._js.arrayBuffer()))
        if not isinstance(data, bytes):
            raise ResponseDecodeError(f"expected a body buffer, got {type(data).__name__}")
        return data

    async def text(self) -> str:
        """The body decoded as UTF-8."""
        return (await self.bytes()).decode()

    async def json(self) -> Any:
        """The body parsed as JSON."""
        try:
            return json.loads(await self.bytes())
        except ValueError as exc:
            raise ResponseDecodeError(f"cached body is not JSON: {exc}") from exc


def _headers(js_headers: Any) -> dict[str, str]:
    """A JS ``Headers`` as a dict with lower-case names."""
    with js_errors():
        pairs = [from_js(pair) for pair in js_headers.entries()]
    return {str(p[0]).lower(): str(p[1]) for p in pairs if isinstance(p, list) and len(p) == 2}  # pyright: ignore[reportUnknownArgumentType]


class Cache:
    """One cache (``caches.default`` or a named one from :meth:`CacheStorage.open`).

    ``response_class`` is the JS ``Response`` constructor used to turn a :class:`CacheEntry`
    into a response (default: the JS global ``Response``).
    """

    __slots__ = ("_js", "_response_class")

    def __init__(self, js_cache: Any, *, response_class: Any = None) -> None:
        if js_cache is None:
            raise InvalidInputError("Cache needs a JS Cache object, got None")
        self._js: Any = js_cache
        self._response_class: Any = response_class

    def __repr__(self) -> str:
        return "Cache(<js>)"

    async def match(
        self, request: RequestLike, *, ignore_method: bool = False
    ) -> CachedResponse | None:
        """The cached response for ``request``, or ``None`` on a miss.

        Only ``GET`` requests match unless ``ignore_method`` is true.
        """
        key = check_request(request)
        found = await call_js(self._js.match(key, to_js({"ignoreMethod": bool(ignore_method)})))
        return None if from_js(found) is None else CachedResponse(found)

    async def put(self, request: RequestLike, response: CacheEntry | Any) -> None:
        """Store ``response`` (a :class:`CacheEntry` or a JS ``Response``) under ``request``."""
        key = check_request(request)
        if isinstance(response, CacheEntry):
            ctor = self._response_class or _js_global("Response")
            body = response.body if isinstance(response.body, str) else to_js(response.body)
            with js_errors():
                js_response = ctor.new(body, to_js(response.init()))
        elif response is None:
            raise InvalidInputError("put needs a response (CacheEntry or JS Response)")
        else:
            if getattr(response, "status", None) == 206:
                raise InvalidInputError("the Cache API cannot store 206 Partial Content responses")
            js_response = response
        await call_js(self._js.put(key, js_response))

    async def delete(self, request: RequestLike, *, ignore_method: bool = False) -> bool:
        """Remove the entry for ``request``; ``True`` if one was removed."""
        key = check_request(request)
        result = await call_js(self._js.delete(key, to_js({"ignoreMethod": bool(ignore_method)})))
        return bool(from_js(result))


class CacheStorage:
    """The Workers ``caches`` global: ``CacheStorage().default`` or ``await .open(name)``.

    Pass ``caches=`` to use another object of that shape (the global exists only in workerd).
    """

    __slots__ = ("_caches", "_response_class")

    def __init__(self, caches: Any = None, *, response_class: Any = None) -> None:
        self._caches: Any = caches
        self._response_class: Any = response_class

    def __repr__(self) -> str:
        return "CacheStorage()"

    @property
    def _js(self) -> Any:
        if self._caches is None:
            self._caches = _js_global("caches")
        return self._caches

    @property
    def default(self) -> Cache:
        """``caches.default``, the cache shared with Cloudflare's CDN for this zone."""
        return Cache(self._js.default, response_class=self._response_class)

    async def open(self, name: str) -> Cache:
        """A named cache (isolated from ``default``); created on first use."""
        if not isinstance(name, str) or not name:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"cache name must be a non-empty str, got {name!r}")
        js_cache = await call_js(self._js.open(name))
        return Cache(js_cache, response_class=self._response_class)
