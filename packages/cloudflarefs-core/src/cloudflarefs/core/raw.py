"""The raw response of one operation, with its typed result one call away.

Every generated resource has a ``with_raw_response`` view whose methods send the same request
but return a :class:`RawResponse` instead of the parsed result::

    raw = kv.namespaces.with_raw_response.get("0f2a...")
    raw.status_code, raw.headers["content-type"], raw.cf_ray
    namespace = raw.parse()  # the same Namespace kv.namespaces.get(...) returns

Parsing is deferred: an error status or a ``success: false`` envelope raises its typed error
(:class:`~cloudflarefs.core.errors.NotFoundError`, ...) from :meth:`RawResponse.parse`, not
from the call, so the headers of a failed call can be read too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from cloudflarefs.core.wire import ApiResponse

__all__ = ["RawResponse"]

T = TypeVar("T")

_UNPARSED = object()


class RawResponse(Generic[T]):
    """An operation's HTTP response and the parser of its typed result."""

    __slots__ = ("_parsed", "_parser", "http_response")

    def __init__(self, response: ApiResponse, parser: Callable[[ApiResponse], T]) -> None:
        self.http_response = response
        """The complete response (status, lower-cased headers, body bytes)."""
        self._parser = parser
        self._parsed: object = _UNPARSED

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        """The response headers, names lower-cased."""
        return self.http_response.headers

    @property
    def cf_ray(self) -> str | None:
        """The ``cf-ray`` header: Cloudflare's id of the request (quote it to support)."""
        return self.http_response.ray_id

    @property
    def content(self) -> bytes:
        """The body bytes."""
        return self.http_response.content

    def parse(self) -> T:
        """The typed result, exactly what the normal method returns (parsed once, then cached).

        Raises:
            CloudflareError: the typed error of an error status or ``success: false`` envelope.
            ResponseDecodeError: the body does not match the result type.
        """
        if self._parsed is _UNPARSED:
            self._parsed = self._parser(self.http_response)
        return self._parsed  # pyright: ignore[reportReturnType]

    @property
    def result(self) -> T:
        """Shorthand for :meth:`parse`."""
        return self.parse()

    def __repr__(self) -> str:
        # Status and request id only: headers and body may carry secrets.
        return f"RawResponse(status_code={self.status_code}, cf_ray={self.cf_ray!r})"
