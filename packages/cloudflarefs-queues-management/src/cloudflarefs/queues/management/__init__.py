"""Management client for Cloudflare Queues (cloudflarefs).

The handwritten public layer (QueuesClient) builds on ``._generated``.
"""

from cloudflarefs.queues.management._version import __version__

__all__ = ["__version__"]
