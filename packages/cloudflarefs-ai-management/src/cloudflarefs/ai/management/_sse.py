"""The server-sent events parser now lives in :mod:`cloudflarefs.core.sse` (shared with the
runtime package); re-exported here so existing imports keep working."""

from cloudflarefs.core.sse import ServerSentEvent, SSEDecoder, aiter_events, iter_events

__all__ = ["SSEDecoder", "ServerSentEvent", "aiter_events", "iter_events"]
