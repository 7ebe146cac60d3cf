"""Management client for Cloudflare Vectorize (cloudflarefs).

The handwritten public layer (VectorizeClient) builds on ``._generated``.
"""

from cloudflarefs.vectorize.management._version import __version__

__all__ = ["__version__"]
