"""Wire-level request and response values, independent of any HTTP library.

Request builders (generated and handwritten) produce an :class:`ApiRequest`; the httpx layer in
:mod:`cloudflarefs.core.http` sends it and hands back an :class:`ApiResponse`. Keeping both pure
means every builder and parser is testable without I/O, and the sync and async drivers share them.
"""

from __future__ import annotations

import json as _json
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypedDict
from urllib.parse import quote, unquote

import attrs

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.lazy_classes import LazyClasses

__all__ = [
    "IDEMPOTENT_METHODS",
    "ApiRequest",
    "ApiResponse",
    "MultipartPart",
    "QueryValue",
    "RequestContent",
    "RequestOptions",
    "ResponseKind",
    "build_path",
    "path_segment",
    "with_options",
]

QueryScalar: TypeAlias = str | int | float | bool
QueryValue: TypeAlias = QueryScalar | Sequence[QueryScalar] | None
"""A query parameter value; ``None`` drops the parameter, a sequence repeats it."""

ResponseKind: TypeAlias = Literal["json", "bytes", "text", "stream"]

RequestContent: TypeAlias = bytes | Iterable[bytes] | AsyncIterable[bytes]
"""A raw request body: bytes, or chunks streamed once (an iterable for the sync client, either
kind for the async one)."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


_lazy = LazyClasses(globals())
"""``MultipartPart`` is built on first access (``lazy_classes``): most calls send no form."""
if TYPE_CHECKING:
    from attrs import frozen as _lazy_frozen
else:
    _lazy_frozen = _lazy.frozen


@_lazy_frozen
class MultipartPart:
    """One part of a ``multipart/form-data`` body."""

    name: str
    content: bytes
    filename: str | None = None
    content_type: str | None = None


_lazy.seal()


def __getattr__(name: str) -> Any:
    return _lazy.get(name)


def __dir__() -> list[str]:
    return _lazy.dir()


def _upper(method: str) -> str:
    # Not ``str.upper``: attrs reads a converter's signature, and a builtin's is parsed from
    # its text through ``tokenize``, whose large regex takes ~5 ms to compile at import.
    return method.upper()


def _freeze_params(params: Mapping[str, QueryValue]) -> Mapping[str, QueryValue]:
    return {k: v for k, v in params.items() if v is not None}


@attrs.frozen
class ApiRequest:
    """A request relative to the client's base URL (``/accounts/.../...``).

    Exactly one of ``json``, ``content`` and ``multipart`` may carry a body. ``retry_safe``
    marks a non-idempotent operation as safe to retry after a timeout or 5xx. A ``content``
    that is not ``bytes`` is streamed, and so sent at most once: it is never retried.
    """

    method: str = attrs.field(converter=_upper)
    path: str
    params: Mapping[str, QueryValue] = attrs.field(
        factory=dict[str, QueryValue], converter=_freeze_params
    )
    headers: Mapping[str, str] = attrs.field(factory=dict[str, str])
    json: Any = None
    content: RequestContent | None = None
    multipart: Sequence[MultipartPart] | None = None
    response_kind: ResponseKind = "json"
    retry_safe: bool = False
    timeout: float | None = None
    """Per-call timeout in seconds (connect, read, write and pool); None: the client's."""
    max_retries: int | None = None
    """Per-call retry budget; None: the client's."""

    def __attrs_post_init__(self) -> None:
        bodies = sum(x is not None for x in (self.json, self.content, self.multipart))
        if bodies > 1:
            raise InvalidInputError("a request carries at most one of json, content and multipart")
        if not self.path.startswith("/"):
            raise InvalidInputError(f"request path must start with '/': {self.path!r}")
        if ("." in self.path or "%" in self.path) and _has_dot_segment(self.path):
            # A last line of defence for paths assembled outside build_path.
            raise InvalidInputError(
                f"request path has a '.' or '..' segment (even percent-encoded): {self.path!r}"
            )

    def with_params(self, params: Mapping[str, QueryValue]) -> ApiRequest:
        """A copy with ``params`` merged over the existing query (pagers use this)."""
        # A direct call: attrs.evolve introspects the fields on every call (pagers call this per page).
        return type(self)(
            method=self.method,
            path=self.path,
            params={**self.params, **params},
            headers=self.headers,
            json=self.json,
            content=self.content,
            multipart=self.multipart,
            response_kind=self.response_kind,
            retry_safe=self.retry_safe,
            timeout=self.timeout,
            max_retries=self.max_retries,
        )

    @property
    def replayable(self) -> bool:
        """Whether the body can be sent again (a streamed ``content`` cannot)."""
        return self.content is None or isinstance(self.content, bytes)

    @property
    def idempotent(self) -> bool:
        """Whether a retry after a timeout or 5xx is allowed (idempotent method or ``retry_safe``)."""
        return self.retry_safe or self.method in IDEMPOTENT_METHODS


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated operation takes as keyword arguments.

    ``timeout`` (seconds) replaces the client's timeout for this call, ``extra_headers`` are
    added to the request's headers (overriding same-named ones, but never ``Authorization``),
    ``max_retries`` replaces the client's retry budget (``0``: no retry).
    """

    timeout: float | None
    extra_headers: Mapping[str, str] | None
    max_retries: int | None


_PROTECTED_HEADERS = frozenset({"authorization", "x-auth-key", "x-auth-email"})


def with_options(request: ApiRequest, options: RequestOptions) -> ApiRequest:
    """``request`` with per-call ``options`` applied (the same request when there are none).

    Raises:
        InvalidInputError: a negative timeout or retry budget, an unknown option, or an extra
            header that would replace the credentials.
    """
    if not options:
        return request
    unknown = set(options) - set(RequestOptions.__annotations__)
    if unknown:
        raise InvalidInputError(f"unknown request options: {', '.join(sorted(unknown))}")
    timeout = options.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
        raise InvalidInputError(f"timeout must be a positive number of seconds, got {timeout!r}")
    retries = options.get("max_retries")
    valid_retries = isinstance(retries, int) and not isinstance(retries, bool) and retries >= 0
    if retries is not None and not valid_retries:
        raise InvalidInputError(f"max_retries must be an int >= 0, got {retries!r}")
    headers = dict(request.headers)
    for name, value in (options.get("extra_headers") or {}).items():
        if name.lower() in _PROTECTED_HEADERS:
            raise InvalidInputError(
                f"extra_headers must not set {name}: credentials come from the client"
            )
        headers[name] = value
    return attrs.evolve(
        request,
        headers=headers,
        timeout=request.timeout if timeout is None else float(timeout),
        max_retries=request.max_retries if retries is None else retries,
    )


@attrs.frozen
class ApiResponse:
    """A complete response: status, lower-cased headers and the body bytes."""

    status_code: int
    headers: Mapping[str, str] = attrs.field(
        converter=lambda h: {str(k).lower(): str(v) for k, v in h.items()}  # pyright: ignore[reportUnknownLambdaType,reportUnknownMemberType,reportUnknownArgumentType,reportUnknownVariableType]
    )
    content: bytes = b""
    method: str = "GET"
    path: str = "/"

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON (raises ``ValueError`` when it is not)."""
        return _json.loads(self.content)

    @property
    def ray_id(self) -> str | None:
        """The ``cf-ray`` header, Cloudflare's request id."""
        return self.headers.get("cf-ray")

    @property
    def is_success(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status_code < 300


_DOT_SEGMENTS: Final = frozenset({"", ".", ".."})


def _decodes_to_dot_segment(text: str) -> bool:
    """Whether ``text``, percent-decoded again and again, is ever empty, ``.`` or ``..``.

    Servers and proxies differ in how often they decode a path; refusing every such value means
    no layer can read it as "this directory" or "the parent".
    """
    while True:
        if text in _DOT_SEGMENTS:
            return True
        if "%" not in text:
            return False
        decoded = unquote(text)
        if decoded == text:
            return False
        text = decoded


def _has_dot_segment(path: str) -> bool:
    route = path.split("?", 1)[0].split("#", 1)[0]
    return any(s and _decodes_to_dot_segment(s) for s in route.split("/"))


def path_segment(name: str, value: str | int, *, safe: str = "") -> str:
    """``value`` percent-encoded as exactly one path segment, or InvalidInputError.

    Refused: an empty or blank value, ``.``, ``..``, anything that percent-decodes (repeatedly)
    to one of those, and text that is not valid Unicode (lone surrogates). Everything else is
    encoded so that it stays one segment (``/`` becomes ``%2F``) and decodes back to ``value``.
    ``safe`` lists extra characters left as they are (never ``/``, ``%``, ``?`` or ``#``).
    """
    text = str(value)
    if not text.strip():
        raise InvalidInputError(f"{name} must be a non-empty string, got {value!r}")
    if _decodes_to_dot_segment(text):
        raise InvalidInputError(
            f"{name} must not be '.' or '..' (even percent-encoded): the URL would point at "
            f"another resource, got {value!r}"
        )
    try:
        return quote(text, safe=safe)
    except UnicodeEncodeError:
        raise InvalidInputError(f"{name} is not valid Unicode text (lone surrogate)") from None


def build_path(template: str, /, **values: str | int) -> str:
    """Fill ``{name}`` placeholders, each value percent-encoded as exactly one path segment.

    Every value goes through :func:`path_segment`, so no operation of any package can send a
    value that another layer would read as a dot segment.

    Raises:
        InvalidInputError: a value is missing, empty, blank, ``.``/``..`` (even percent-encoded)
            or not valid Unicode.
    """
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", path_segment(name, value))
    if "{" in out:
        missing = out[out.index("{") + 1 : out.index("}")]
        raise InvalidInputError(f"missing path parameter {missing!r} for {template}")
    return out
