"""cloudflarefs.ai.runtime: Typed wrappers for the Cloudflare ai binding in Python Workers."""

from cloudflarefs.ai.runtime._version import __version__

__all__ = ["__version__"]
