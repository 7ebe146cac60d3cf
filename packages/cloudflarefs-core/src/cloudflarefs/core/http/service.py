"""Bases for service clients: one shared-or-owned HTTP client, closing, context managers.

Every management client (``KVClient``, ``R2Client``, ...) and the unified ``Cloudflare``
client takes either ``http=`` (an existing client to share) or the keyword arguments of
:class:`~cloudflarefs.core.http.HttpClient` (to build one it owns), typed as
:class:`HttpOptions` (async: :class:`AsyncHttpOptions`) so type checkers see every option.
These bases hold that logic once; a subclass sets :attr:`ServiceClient.user_agent_product` and
attaches its resources in :meth:`ServiceClient._attach`.

:class:`AsyncServiceClient` is written once (``_aio_service``); :class:`ServiceClient` is
derived from it by ``tools/generate`` (``_sync_service``, see ``tools/unasync.toml``).
"""

from typing import TYPE_CHECKING, Any

from cloudflarefs.core.http._options import AsyncHttpOptions, HttpOptions
from cloudflarefs.core.http._sync_service import ServiceClient

if TYPE_CHECKING:
    from cloudflarefs.core.http._aio_service import AsyncServiceClient


def __getattr__(name: str) -> Any:
    # The async base is imported on first access: a sync-only program never loads it.
    if name == "AsyncServiceClient":
        from cloudflarefs.core.http._aio_service import AsyncServiceClient

        return AsyncServiceClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AsyncHttpOptions", "AsyncServiceClient", "HttpOptions", "ServiceClient"]
