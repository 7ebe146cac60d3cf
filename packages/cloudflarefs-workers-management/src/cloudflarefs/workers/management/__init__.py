"""Management client for Cloudflare Workers (cloudflarefs).

The handwritten public layer (WorkersClient) builds on ``._generated``.
"""

from cloudflarefs.workers.management._version import __version__

__all__ = ["__version__"]
