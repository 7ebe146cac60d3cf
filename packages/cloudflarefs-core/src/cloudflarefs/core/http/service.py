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

from cloudflarefs.core.http._aio_service import AsyncServiceClient
from cloudflarefs.core.http._options import AsyncHttpOptions, HttpOptions
from cloudflarefs.core.http._sync_service import ServiceClient

__all__ = ["AsyncHttpOptions", "AsyncServiceClient", "HttpOptions", "ServiceClient"]
