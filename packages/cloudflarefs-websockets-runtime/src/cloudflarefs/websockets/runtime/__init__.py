"""cloudflarefs.websockets.runtime: Typed wrappers for the Cloudflare websockets binding in Python Workers."""

from cloudflarefs.websockets.runtime._version import __version__

__all__ = ["__version__"]
