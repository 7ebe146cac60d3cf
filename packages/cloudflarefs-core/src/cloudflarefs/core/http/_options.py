"""The options of a service client that builds its own HTTP client, and choosing shared or owned.

Shared by :class:`~cloudflarefs.core.http.ServiceClient` and its async twin.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import httpx

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.http.client import HttpClient
from cloudflarefs.core.retry import RetryPolicy

if TYPE_CHECKING:
    # The async client imports asyncio (~10 ms): loaded by AsyncServiceClient when first built.
    from cloudflarefs.core.http.aio import AsyncHttpClient

__all__ = ["AsyncHttpOptions", "HttpOptions", "shared_or_owned"]

_Http = TypeVar("_Http", HttpClient, "AsyncHttpClient")


class _CommonHttpOptions(TypedDict, total=False):
    api_token: str | None
    api_key: str | None
    api_email: str | None
    user_service_key: str | None
    account_id: str | None
    base_url: str | None
    timeout: float | httpx.Timeout
    retry: RetryPolicy | None
    user_agent_product: str | None
    max_response_size: int
    clock: Callable[[], float] | None


class HttpOptions(_CommonHttpOptions, total=False):
    """The keyword arguments of :class:`~cloudflarefs.core.http.HttpClient`, all optional.

    A service client given these (instead of ``http=``) builds and owns its HTTP client:
    ``api_token``, ``api_key``/``api_email``, ``user_service_key``, ``account_id``,
    ``base_url``, ``timeout``, ``retry``, ``http_client``, ``transport``,
    ``user_agent_product``, ``max_response_size``, ``sleep`` and ``clock``, with the meaning and
    defaults documented
    on :class:`~cloudflarefs.core.http.HttpClient`.
    """

    http_client: httpx.Client | None
    transport: httpx.BaseTransport | None
    sleep: Callable[[float], None] | None


class AsyncHttpOptions(_CommonHttpOptions, total=False):
    """The keyword arguments of :class:`~cloudflarefs.core.http.AsyncHttpClient`, all optional.

    As :class:`HttpOptions`, with an ``httpx.AsyncClient``, an async transport and an
    awaitable ``sleep``.
    """

    http_client: httpx.AsyncClient | None
    transport: httpx.AsyncBaseTransport | None
    sleep: Callable[[float], Awaitable[None]] | None


def shared_or_owned(
    http: _Http | None,
    http_kwargs: Mapping[str, object],
    factory: Callable[..., _Http],
    user_agent_product: str | None,
) -> tuple[_Http, bool]:
    """``(client, owned)``: ``http`` as given, or a new client built from ``http_kwargs``."""
    if http is not None:
        if http_kwargs:
            # Settings passed next to a shared client would be silently ignored: refuse them.
            raise ConfigurationError(
                f"pass either http= or {factory.__name__} arguments, not both: "
                + ", ".join(sorted(http_kwargs))
            )
        return http, False
    kwargs: dict[str, Any] = dict(http_kwargs)
    if user_agent_product is not None:
        kwargs.setdefault("user_agent_product", user_agent_product)
    return factory(**kwargs), True
