"""Typed Workers AI binding for Python Workers.

::

    from cloudflarefs.ai.runtime import Ai, Message

    ai = Ai(env.AI)
    answer = await ai.text_generation(
        "@cf/meta/llama-3.1-8b-instruct", messages=[Message(role="user", content="Hi")]
    )
    vectors = await ai.embeddings("@cf/baai/bge-base-en-v1.5", ["a", "b"])
"""

from cloudflarefs.ai.runtime._ai import STREAM_DONE, Ai, GenerationOptions
from cloudflarefs.ai.runtime._models import (
    AiGateway,
    BoundingBox,
    Classification,
    DetectedObject,
    EmbeddingsResult,
    MarkdownConversion,
    MarkdownDocument,
    Message,
    ModelInfo,
    ModelTask,
    SpeechRecognitionResult,
    TextGenerationChunk,
    TextGenerationResult,
    ToolCall,
    Usage,
    Word,
)
from cloudflarefs.ai.runtime._validate import MAX_EMBEDDING_TEXTS, ROLES, Role
from cloudflarefs.ai.runtime._version import __version__

__all__ = [
    "MAX_EMBEDDING_TEXTS",
    "ROLES",
    "STREAM_DONE",
    "Ai",
    "AiGateway",
    "BoundingBox",
    "Classification",
    "DetectedObject",
    "EmbeddingsResult",
    "GenerationOptions",
    "MarkdownConversion",
    "MarkdownDocument",
    "Message",
    "ModelInfo",
    "ModelTask",
    "Role",
    "SpeechRecognitionResult",
    "TextGenerationChunk",
    "TextGenerationResult",
    "ToolCall",
    "Usage",
    "Word",
    "__version__",
]
