"""Management client for Cloudflare Hyperdrive (cloudflarefs).

The handwritten public layer (HyperdriveClient) builds on ``._generated``.
"""

from cloudflarefs.hyperdrive.management._version import __version__

__all__ = ["__version__"]
