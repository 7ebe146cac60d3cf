"""Management client for Cloudflare D1 (cloudflarefs).

The handwritten public layer (D1Client) builds on ``._generated``.
"""

from cloudflarefs.d1.management._version import __version__

__all__ = ["__version__"]
