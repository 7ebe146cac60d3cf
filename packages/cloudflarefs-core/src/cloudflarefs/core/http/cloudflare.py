"""The unified client: one pool and one set of credentials for every installed service.

Management packages register their client class under the entry point group
``cloudflarefs.management`` (async: ``cloudflarefs.management.aio``); the entry point name is
the attribute, e.g. ``kv = "cloudflarefs.kv.management:KVClient"`` makes ``cf.kv``. Nothing here
imports a service package: only installed entry points are loaded, on first use.

:class:`AsyncCloudflare` is written once (``_aio_cloudflare``); :class:`Cloudflare` is derived
from it by ``tools/generate`` (``_sync_cloudflare``, see ``tools/unasync.toml``).
"""

from cloudflarefs.core.http._aio_cloudflare import AsyncCloudflare
from cloudflarefs.core.http._services import ENTRY_POINT_GROUP, ENTRY_POINT_GROUP_AIO
from cloudflarefs.core.http._sync_cloudflare import Cloudflare

__all__ = ["ENTRY_POINT_GROUP", "ENTRY_POINT_GROUP_AIO", "AsyncCloudflare", "Cloudflare"]
