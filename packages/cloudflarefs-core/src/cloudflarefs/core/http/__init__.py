"""cloudflarefs.core.http: the httpx layer (extra ``cloudflarefs-core[http]``).

- :class:`HttpClient` / :class:`AsyncHttpClient` send pure
  :class:`~cloudflarefs.core.wire.ApiRequest` values with auth, timeouts and retries;
- :mod:`~cloudflarefs.core.http.credentials` holds the auth modes and the :class:`Secret` wrapper;
- :class:`Cloudflare` / :class:`AsyncCloudflare` expose every installed management package;
- :class:`ServiceClient` / :class:`AsyncServiceClient` are the bases of the service clients
  (shared-or-owned HTTP client, closing, context managers).

This is the only part of cloudflarefs-core that imports httpx. Debug logs go to the
``cloudflarefs.http`` logger with credentials masked.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from cloudflarefs.core.http._body import DEFAULT_MAX_RESPONSE_SIZE
from cloudflarefs.core.http._config import (
    DEFAULT_BASE_URL,
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUT,
    check_base_url,
    user_agent,
)
from cloudflarefs.core.http._exchange import SENSITIVE_HEADERS, redact_headers
from cloudflarefs.core.http._settings import ClientSettings
from cloudflarefs.core.http.client import HttpClient
from cloudflarefs.core.http.credentials import (
    CREDENTIAL_ENV_VARS,
    ApiTokenAuth,
    CloudflareAuth,
    Secret,
    resolve_auth,
)
from cloudflarefs.core.http.service import AsyncHttpOptions, HttpOptions, ServiceClient
from cloudflarefs.core.http.streaming import StreamingResponse

if TYPE_CHECKING:
    from cloudflarefs.core.http.aio import AsyncHttpClient
    from cloudflarefs.core.http.cloudflare import (
        ENTRY_POINT_GROUP,
        ENTRY_POINT_GROUP_AIO,
        AsyncCloudflare,
        Cloudflare,
    )
    from cloudflarefs.core.http.credentials import ApiKeyAuth, UserServiceKeyAuth
    from cloudflarefs.core.http.service import AsyncServiceClient
    from cloudflarefs.core.http.streaming import AsyncStreamingResponse

# Imported on first access (PEP 562): the async client needs asyncio and the unified client
# importlib.metadata, together ~15 ms of import time that a sync-only program never uses; the
# other async classes and the legacy auth modes are not needed by a sync client with a token.
_LAZY = {
    "AsyncHttpClient": "cloudflarefs.core.http.aio",
    "AsyncServiceClient": "cloudflarefs.core.http.service",
    "AsyncStreamingResponse": "cloudflarefs.core.http.streaming",
    "ApiKeyAuth": "cloudflarefs.core.http.credentials",
    "UserServiceKeyAuth": "cloudflarefs.core.http.credentials",
    "ENTRY_POINT_GROUP": "cloudflarefs.core.http.cloudflare",
    "ENTRY_POINT_GROUP_AIO": "cloudflarefs.core.http.cloudflare",
    "AsyncCloudflare": "cloudflarefs.core.http.cloudflare",
    "Cloudflare": "cloudflarefs.core.http.cloudflare",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CREDENTIAL_ENV_VARS",
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "ENTRY_POINT_GROUP",
    "ENTRY_POINT_GROUP_AIO",
    "SENSITIVE_HEADERS",
    "ApiKeyAuth",
    "ApiTokenAuth",
    "AsyncCloudflare",
    "AsyncHttpClient",
    "AsyncHttpOptions",
    "AsyncServiceClient",
    "AsyncStreamingResponse",
    "ClientSettings",
    "Cloudflare",
    "CloudflareAuth",
    "HttpClient",
    "HttpOptions",
    "Secret",
    "ServiceClient",
    "StreamingResponse",
    "UserServiceKeyAuth",
    "check_base_url",
    "redact_headers",
    "resolve_auth",
    "user_agent",
]
