"""cloudflarefs.r2.runtime: Typed wrappers for the Cloudflare r2 binding in Python Workers."""

from cloudflarefs.r2.runtime._version import __version__

__all__ = ["__version__"]
