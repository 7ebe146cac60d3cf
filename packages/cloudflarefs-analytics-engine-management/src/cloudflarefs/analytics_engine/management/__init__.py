"""Management client for Cloudflare Workers Analytics Engine (cloudflarefs).

The handwritten public layer (AnalyticsEngineClient) builds on ``._generated``.
"""

from cloudflarefs.analytics_engine.management._version import __version__

__all__ = ["__version__"]
