"""What the sync and async streaming responses share: the head (status, headers) and errors."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from cloudflarefs.core.errors import APIConnectionError, APITimeoutError, ResponseTooLargeError
from cloudflarefs.core.http._body import BodyDecoder

__all__ = ["ResponseHead", "body_lost"]


def body_lost(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return kind(f"response body interrupted: {type(exc).__name__}", method=method, path=path)


class ResponseHead:
    """Status, headers and the body decoder of a streamed response (the base of both flavours)."""

    def __init__(
        self,
        response: httpx.Response,
        method: str,
        path: str,
        decoder: BodyDecoder,
        max_read_size: int | None = None,
    ) -> None:
        self._response = response
        self._decoder = decoder
        self._max_read_size = max_read_size
        self.method = method
        """The request method."""
        self.path = path
        """The request path (without the query string)."""
        self.status_code: int = response.status_code
        """The HTTP status (always 2xx: error statuses raise before the body is streamed)."""
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in response.headers.items()}
        """Response headers, names lower-cased."""

    @property
    def ray_id(self) -> str | None:
        """The ``cf-ray`` header, Cloudflare's request id."""
        return self.headers.get("cf-ray")

    def _check_read_size(self, size: int) -> None:
        if self._max_read_size is not None and size > self._max_read_size:
            raise ResponseTooLargeError(
                limit=self._max_read_size, method=self.method, path=self.path
            )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.method} {self.path}>"
