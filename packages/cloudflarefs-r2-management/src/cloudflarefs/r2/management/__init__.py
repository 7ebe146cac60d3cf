"""Management client for Cloudflare R2 (cloudflarefs).

The handwritten public layer (R2Client) builds on ``._generated``.
"""

from cloudflarefs.r2.management._version import __version__

__all__ = ["__version__"]
