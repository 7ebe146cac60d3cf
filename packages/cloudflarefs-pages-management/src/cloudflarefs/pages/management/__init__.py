"""Management client for Cloudflare Pages (cloudflarefs).

The handwritten public layer (PagesClient) builds on ``._generated``.
"""

from cloudflarefs.pages.management._version import __version__

__all__ = ["__version__"]
