"""Management client for Cloudflare Workers for Platforms (cloudflarefs).

The handwritten public layer (WorkersForPlatformsClient) builds on ``._generated``.
"""

from cloudflarefs.workers_for_platforms.management._version import __version__

__all__ = ["__version__"]
