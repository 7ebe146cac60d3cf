"""Management client for Cloudflare Workers KV (cloudflarefs).

The handwritten public layer (KVClient) builds on ``._generated``.
"""

from cloudflarefs.kv.management._version import __version__

__all__ = ["__version__"]
