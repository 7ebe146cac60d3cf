"""Streaming responses: the body is read incrementally instead of being held in memory.

Both the streamed and the buffered bodies are read raw chunk by raw chunk, through a
:class:`~cloudflarefs.core.http._body.BodyDecoder`: the call's ``total_timeout`` is checked
before every chunk and compressed data is inflated a bounded piece at a time.

The async classes are written once (``_aio_streaming``); the sync ones are derived from them by
``tools/generate`` (``_sync_streaming``, see ``tools/unasync.toml``).
"""

from typing import TYPE_CHECKING, Any

from cloudflarefs.core.http._sync_streaming import StreamingResponse, read_body

if TYPE_CHECKING:
    from cloudflarefs.core.http._aio_streaming import AsyncStreamingResponse, aread_body


def __getattr__(name: str) -> Any:
    # The async twins are imported on first access: a sync-only program never loads them.
    if name in ("AsyncStreamingResponse", "aread_body"):
        from cloudflarefs.core.http import _aio_streaming

        return getattr(_aio_streaming, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AsyncStreamingResponse",
    "StreamingResponse",
    "aread_body",
    "read_body",
]
