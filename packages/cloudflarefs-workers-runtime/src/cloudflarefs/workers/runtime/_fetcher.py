"""Service bindings (``Fetcher``): HTTP ``fetch`` and JS RPC, plus the response wrapper."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import call_js, from_js, js_errors, to_js

_METHOD = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an HTTP token (RFC 9110)
_NO_BODY = frozenset({"GET", "HEAD"})


class FetchResponse:
    """A ``Response`` from a service binding or Durable Object stub.

    ``status``, ``status_text`` and ``headers`` are read eagerly; the body is read once with
    :meth:`bytes`, :meth:`text` or :meth:`json`.
    """

    __slots__ = ("_js", "headers", "status", "status_text")

    def __init__(self, js_response: Any) -> None:
        self._js: Any = js_response
        self.status: int = int(js_response.status)
        """The HTTP status code."""
        self.status_text: str = str(getattr(js_response, "statusText", "") or "")
        """The reason phrase (often ``""``)."""
        self.headers: dict[str, str] = {
            str(entry[0]).lower(): str(entry[1]) for entry in js_response.headers.entries()
        }
        """Response headers with lower-case names (repeated headers joined by ``", "``)."""

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    @property
    def js_object(self) -> Any:
        """The wrapped JS ``Response`` (to return it from a handler unchanged, for example)."""
        return self._js

    async def bytes(self) -> bytes:
        """The body as bytes (copied out of JS memory)."""
        data = from_js(await call_js(self._js.arrayBuffer()))
        return bytes(data) if data is not None else b""

    async def text(self) -> str:
        """The body decoded as text (UTF-8 unless the response says otherwise)."""
        return str(await call_js(self._js.text()))

    async def json(self) -> Any:
        """The body parsed as JSON; raises :class:`~cloudflarefs.core.ResponseDecodeError`."""
        text = await self.text()
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ResponseDecodeError(
                f"response body is not JSON: {exc}", body=text.encode()
            ) from exc

    def __repr__(self) -> str:
        return f"FetchResponse(status={self.status})"


def check_url(url: str) -> str:
    """Reject what ``fetch`` would reject: a relative or non-HTTP URL."""
    if not isinstance(url, str) or not url:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("url must be a non-empty str")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInputError(
            f"url must be absolute http(s), e.g. 'https://service/path', got {url!r}"
        )
    return url


def check_method(method: str) -> str:
    """An upper-cased HTTP method; raises :class:`InvalidInputError` if it is not a token."""
    if not isinstance(method, str) or not _METHOD.match(method):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"method must be an HTTP token such as 'GET', got {method!r}")
    return method.upper()


def check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Header names/values as str without CR/LF (header injection is rejected)."""
    result: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not _METHOD.match(name):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"invalid header name {name!r}")
        if not isinstance(value, str) or "\r" in value or "\n" in value:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"header {name!r} must be a str without CR/LF")
        result[name] = value
    return result


def check_rpc_name(name: str) -> str:
    """An RPC method name must be a public identifier (JS RPC hides ``_``-less privates too)."""
    if (
        not isinstance(name, str)  # pyright: ignore[reportUnnecessaryIsInstance]
        or not name.isidentifier()
        or keyword.iskeyword(name)
        or name.startswith("_")
    ):
        raise InvalidInputError(f"RPC method name must be a public identifier, got {name!r}")
    return name


async def _request_parts(request: Any) -> tuple[str, str, dict[str, str], bytes | None]:
    js_request = getattr(request, "js_object", request)
    method = str(js_request.method).upper()
    headers = {str(e[0]): str(e[1]) for e in js_request.headers.entries()}
    body: bytes | None = None
    if method not in _NO_BODY and from_js(js_request.body) is not None:
        body = from_js(await call_js(js_request.arrayBuffer()))
    return str(js_request.url), method, headers, body


def build_init(method: str, headers: Mapping[str, str], body: bytes | str | None) -> dict[str, Any]:
    """The ``RequestInit`` dict for ``fetch`` (validated, bytes kept as bytes for the codec)."""
    if body is not None and not isinstance(body, bytes | bytearray | memoryview | str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"body must be bytes or str, got {type(body).__name__}")
    if body is not None and method in _NO_BODY:
        raise InvalidInputError(f"a {method} request cannot have a body")
    init: dict[str, Any] = {"method": method, "headers": dict(headers)}
    if body is not None:
        init["body"] = body.encode() if isinstance(body, str) else bytes(body)
    return init


async def fetch_via(
    target: Any,
    url_or_request: str | Any,
    *,
    method: str | None,
    headers: Mapping[str, str] | None,
    body: bytes | str | None,
) -> FetchResponse:
    """Shared ``fetch`` of :class:`Fetcher` and Durable Object stubs."""
    extra_headers = check_headers(headers)
    if isinstance(url_or_request, str):
        url = check_url(url_or_request)
        chosen = check_method(method or "GET")
        merged = extra_headers
    else:
        url, req_method, req_headers, req_body = await _request_parts(url_or_request)
        chosen = check_method(method or req_method)
        merged = {**req_headers, **extra_headers}
        if body is None and chosen not in _NO_BODY:
            body = req_body
    init = to_js(build_init(chosen, merged, body))
    with js_errors():
        pending = target.fetch(url, init)
    return FetchResponse(await call_js(pending))


class RpcMethod:
    """A bound RPC method of a service or Durable Object: ``await svc.add(1, 2)``."""

    __slots__ = ("_call", "name")

    def __init__(self, call: Callable[..., Awaitable[Any]], name: str) -> None:
        self._call = call
        self.name = name

    def __call__(self, *args: Any) -> Awaitable[Any]:
        return self._call(self.name, *args)

    def __repr__(self) -> str:
        return f"RpcMethod({self.name!r})"


async def call_rpc(target: Any, name: str, args: tuple[Any, ...]) -> Any:
    """Call JS RPC method ``name`` on ``target`` with codec-converted arguments.

    Top-level RPC returns promises; results that crossed Miniflare's proxy (or nested stubs)
    may arrive as plain values, which :func:`call_js` also accepts.
    """
    check_rpc_name(name)
    # Arguments are data: None is null at every depth (undefined would drop object keys).
    js_args = [to_js(a, none_as="null") for a in args]
    with js_errors():  # the proxy may throw synchronously, before any promise exists
        pending = getattr(target, name)(*js_args)
    return from_js(await call_js(pending))


class Fetcher:
    """A service binding: ``Fetcher(env.AUTH)``.

    Use :meth:`fetch` for HTTP and :meth:`call` (or attribute access, ``await svc.add(1, 2)``)
    for RPC to a ``WorkerEntrypoint``'s methods.
    """

    __slots__ = ("_js",)

    def __init__(self, js_binding: Any) -> None:
        self._js: Any = js_binding

    @property
    def js_object(self) -> Any:
        """The wrapped JS binding."""
        return self._js

    async def fetch(
        self,
        url_or_request: str | Any,
        *,
        method: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> FetchResponse:
        """Send an HTTP request to the bound Worker.

        ``url_or_request`` is an absolute URL or a request (``workers.Request`` or a JS
        ``Request``, whose body is read into memory); keyword arguments override its parts.
        """
        return await fetch_via(self._js, url_or_request, method=method, headers=headers, body=body)

    async def call(self, method: str, *args: Any) -> Any:
        """Call RPC method ``method`` with ``args`` (converted by the codec); returns the result
        converted back (JS objects → dict, arrays → list, Date → datetime, bytes → bytes).
        """
        return await call_rpc(self._js, method, args)

    def __getattr__(self, name: str) -> RpcMethod:
        if name.startswith("_"):
            raise AttributeError(name)
        return RpcMethod(self.call, name)

    def __repr__(self) -> str:
        return "Fetcher()"
