"""Management client for Cloudflare Durable Objects (cloudflarefs).

The handwritten public layer (DurableObjectsClient) builds on ``._generated``.
"""

from cloudflarefs.durable_objects.management._version import __version__

__all__ = ["__version__"]
