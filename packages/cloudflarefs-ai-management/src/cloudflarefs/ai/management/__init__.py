"""Management client for Cloudflare Workers AI (cloudflarefs).

The handwritten public layer (AIClient) builds on ``._generated``.
"""

from cloudflarefs.ai.management._version import __version__

__all__ = ["__version__"]
