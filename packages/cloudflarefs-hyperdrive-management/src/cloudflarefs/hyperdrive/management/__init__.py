"""Management client for Cloudflare Hyperdrive (cloudflarefs).

``HyperdriveClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.hyperdrive.management.aio`.
"""

from cloudflarefs.hyperdrive.management._client import HyperdriveClient
from cloudflarefs.hyperdrive.management._generated.models import (
    HyperdriveCaching,
    HyperdriveOrigin,
    HyperdriveSchemeInput,
    HyperdriveWithIdentifier,
)
from cloudflarefs.hyperdrive.management._origin import Caching, Origin
from cloudflarefs.hyperdrive.management._resources import HyperdriveConfigs
from cloudflarefs.hyperdrive.management._version import __version__

__all__ = [
    "Caching",
    "HyperdriveCaching",
    "HyperdriveClient",
    "HyperdriveConfigs",
    "HyperdriveOrigin",
    "HyperdriveSchemeInput",
    "HyperdriveWithIdentifier",
    "Origin",
    "__version__",
]
