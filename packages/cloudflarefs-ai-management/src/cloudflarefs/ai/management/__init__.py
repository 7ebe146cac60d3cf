"""Management client for Cloudflare Workers AI (cloudflarefs).

``AIClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.ai.management.aio`. ``AIClient.run`` runs any model.
"""

from cloudflarefs.ai.management._client import AIClient
from cloudflarefs.ai.management._generated.models import (
    FinetunesCreateResult,
    FinetunesListPublicResultItem,
    FinetunesListResult,
    FinetunesUploadAssetResult,
    ToMarkdownSupportedResultItem,
    ToMarkdownTransformResultItem,
)
from cloudflarefs.ai.management._markdown import MarkdownFiles
from cloudflarefs.ai.management._resources import (
    AIAuthors,
    AIFinetunes,
    AIModels,
    AITasks,
    AIToMarkdown,
)
from cloudflarefs.ai.management._run import RunInputs
from cloudflarefs.ai.management._sse import ServerSentEvent, SSEDecoder, aiter_events, iter_events
from cloudflarefs.ai.management._streams import DONE, AsyncEventStream, EventStream
from cloudflarefs.ai.management._version import __version__

__all__ = [
    "DONE",
    "AIAuthors",
    "AIClient",
    "AIFinetunes",
    "AIModels",
    "AITasks",
    "AIToMarkdown",
    "AsyncEventStream",
    "EventStream",
    "FinetunesCreateResult",
    "FinetunesListPublicResultItem",
    "FinetunesListResult",
    "FinetunesUploadAssetResult",
    "MarkdownFiles",
    "RunInputs",
    "SSEDecoder",
    "ServerSentEvent",
    "ToMarkdownSupportedResultItem",
    "ToMarkdownTransformResultItem",
    "__version__",
    "aiter_events",
    "iter_events",
]
