"""Typed inputs and results of the Workers AI binding, and how converted JS results become them.

The ``*_from_py`` functions take values already converted by the codec (``from_js``) and raise
``ResponseDecodeError`` when the binding answered with an unexpected shape.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from cloudflarefs.ai.runtime._validate import Role, check_int, check_text
from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError

# ---------------------------------------------------------------------------------------------
# Inputs


@attrs.frozen(kw_only=True)
class Message:
    """One chat message: ``Message(role="user", content="Hello")``."""

    role: Role
    content: str
    name: str | None = None
    """Optional author name (``name`` on the wire)."""

    def to_wire(self) -> dict[str, Any]:
        """The JS object the binding takes."""
        wire: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.name is not None:
            wire["name"] = self.name
        return wire


@attrs.frozen(kw_only=True)
class AiGateway:
    """Route a call through an AI Gateway: ``AiGateway(id="my-gateway", skip_cache=True)``.

    Becomes the ``gateway`` entry of the binding's run options.
    """

    id: str
    skip_cache: bool | None = None
    cache_ttl: int | None = None
    """Seconds a cached response stays valid."""
    cache_key: str | None = None
    metadata: Mapping[str, str | int | float | bool] | None = None
    collect_log: bool | None = None
    event_id: str | None = None
    request_timeout_ms: int | None = None

    def to_wire(self) -> dict[str, Any]:
        """The ``gateway`` options object (validated)."""
        wire: dict[str, Any] = {"id": check_text(self.id, "gateway id")}
        if self.skip_cache is not None:
            wire["skipCache"] = bool(self.skip_cache)
        if self.cache_ttl is not None:
            wire["cacheTtl"] = check_int(self.cache_ttl, "gateway cache_ttl", minimum=0)
        if self.cache_key is not None:
            wire["cacheKey"] = check_text(self.cache_key, "gateway cache_key")
        if self.metadata is not None:
            wire["metadata"] = dict(self.metadata)
        if self.collect_log is not None:
            wire["collectLog"] = bool(self.collect_log)
        if self.event_id is not None:
            wire["eventId"] = check_text(self.event_id, "gateway event_id")
        if self.request_timeout_ms is not None:
            wire["requestTimeoutMs"] = check_int(
                self.request_timeout_ms, "gateway request_timeout_ms", minimum=1
            )
        return wire


@attrs.frozen(kw_only=True)
class MarkdownDocument:
    """A file for :meth:`Ai.to_markdown`: its name, its bytes and (optionally) its MIME type."""

    name: str
    data: bytes = attrs.field(repr=lambda d: f"<{len(d)} bytes>")
    mime_type: str = ""


# ---------------------------------------------------------------------------------------------
# Results


@attrs.frozen(kw_only=True)
class Usage:
    """Token counts of a text generation."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


@attrs.frozen(kw_only=True)
class ToolCall:
    """A function call the model asked for."""

    name: str
    arguments: Any = None
    """Usually a dict (some models send a JSON string)."""
    id: str | None = None


@attrs.frozen(kw_only=True)
class TextGenerationResult:
    """A text generation: ``response`` (JSON-mode objects arrive as JSON text), tool calls, usage."""

    response: str
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage | None = None


@attrs.frozen(kw_only=True)
class TextGenerationChunk:
    """One server-sent event of a streamed text generation (usage usually on the last one)."""

    response: str
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage | None = None


@attrs.frozen(kw_only=True)
class EmbeddingsResult:
    """Embeddings: ``shape`` is ``(texts, dimensions)``, ``data`` one vector per text."""

    shape: tuple[int, ...]
    data: tuple[tuple[float, ...], ...]
    pooling: str | None = None


@attrs.frozen(kw_only=True)
class Word:
    """A recognised word with its start and end, in seconds."""

    word: str
    start: float | None = None
    end: float | None = None


@attrs.frozen(kw_only=True)
class SpeechRecognitionResult:
    """A transcription, with per-word timings and WebVTT when the model gives them."""

    text: str
    words: tuple[Word, ...] = ()
    word_count: int | None = None
    vtt: str | None = None


@attrs.frozen(kw_only=True)
class Classification:
    """A label and its score (text and image classification)."""

    label: str
    score: float


@attrs.frozen(kw_only=True)
class BoundingBox:
    """A detected object's box, in pixels."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float


@attrs.frozen(kw_only=True)
class DetectedObject:
    """An object found by an object-detection model."""

    label: str
    score: float
    box: BoundingBox | None = None


@attrs.frozen(kw_only=True)
class ModelTask:
    """The task a model performs (``Text Generation``, ``Text Embeddings``, ...)."""

    id: str
    name: str
    description: str | None = None


@attrs.frozen(kw_only=True)
class ModelInfo:
    """One entry of :meth:`Ai.models`."""

    id: str
    name: str
    description: str | None = None
    source: int | None = None
    task: ModelTask | None = None
    tags: tuple[str, ...] = ()
    properties: Mapping[str, Any] = attrs.field(factory=dict[str, Any])
    """``properties[].property_id`` → ``value`` (``context_window``, ``beta``, ...)."""


@attrs.frozen(kw_only=True)
class MarkdownConversion:
    """One converted document; ``format == "error"`` (``ok`` false) carries ``error``."""

    name: str
    format: str
    mime_type: str | None = None
    tokens: int | None = None
    data: str | None = None
    """The Markdown text when ``ok``."""
    error: str | None = None
    id: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the conversion succeeded."""
        return self.format != "error"


# ---------------------------------------------------------------------------------------------
# Structuring converted JS values


def expect_dict(raw: object, what: str) -> dict[str, Any]:
    """``raw`` as a dict, else ResponseDecodeError."""
    if not isinstance(raw, dict):
        raise ResponseDecodeError(f"expected {what} object, got {type(raw).__name__}")
    return raw  # pyright: ignore[reportUnknownVariableType]


def expect_list(raw: object, what: str) -> list[Any]:
    """``raw`` as a list, else ResponseDecodeError."""
    if not isinstance(raw, list):
        raise ResponseDecodeError(f"expected {what} list, got {type(raw).__name__}")
    return raw  # pyright: ignore[reportUnknownVariableType]


def _items(raw: object) -> list[Any]:
    """An optional list field: missing or null is empty."""
    return [] if raw is None else expect_list(raw, "list field")


def _opt_str(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def _opt_float(raw: object) -> float | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    return None


def _opt_int(raw: object) -> int | None:
    value = _opt_float(raw)
    return None if value is None else int(value)


def _float(raw: object, what: str) -> float:
    value = _opt_float(raw)
    if value is None:
        raise ResponseDecodeError(f"{what} must be a number, got {raw!r}")
    return value


def _usage(raw: object) -> Usage | None:
    if not isinstance(raw, dict):
        return None
    usage: dict[str, Any] = raw  # pyright: ignore[reportUnknownVariableType]
    return Usage(
        prompt_tokens=_opt_int(usage.get("prompt_tokens")) or 0,
        completion_tokens=_opt_int(usage.get("completion_tokens")) or 0,
        total_tokens=_opt_int(usage.get("total_tokens")) or 0,
    )


def _tool_calls(raw: object) -> tuple[ToolCall, ...]:
    calls: list[ToolCall] = []
    for item in _items(raw):
        call = expect_dict(item, "tool call")
        # Legacy models send {name, arguments}; OpenAI-style ones nest it under "function".
        function = call.get("function") if isinstance(call.get("function"), dict) else call
        calls.append(
            ToolCall(
                name=str(function.get("name", "")),  # pyright: ignore[reportUnknownMemberType, reportOptionalMemberAccess]
                arguments=function.get("arguments"),  # pyright: ignore[reportUnknownMemberType, reportOptionalMemberAccess]
                id=_opt_str(call.get("id")),
            )
        )
    return tuple(calls)


def _response_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    return json.dumps(raw)  # JSON mode: some models return the object itself


def text_generation_from_py(raw: object) -> TextGenerationResult:
    """Structure a converted text-generation output."""
    out = expect_dict(raw, "text generation")
    return TextGenerationResult(
        response=_response_text(out.get("response")),
        tool_calls=_tool_calls(out.get("tool_calls")),
        usage=_usage(out.get("usage")),
    )


def chunk_from_py(raw: object) -> TextGenerationChunk:
    """Structure one parsed streaming event."""
    out = expect_dict(raw, "stream event")
    return TextGenerationChunk(
        response=_response_text(out.get("response")),
        tool_calls=_tool_calls(out.get("tool_calls")),
        usage=_usage(out.get("usage")),
    )


def embeddings_from_py(raw: object) -> EmbeddingsResult:
    """Structure ``{shape, data, pooling?}``."""
    out = expect_dict(raw, "embeddings")
    shape = expect_list(out.get("shape"), "embeddings shape")
    data = expect_list(out.get("data"), "embeddings data")
    return EmbeddingsResult(
        shape=tuple(int(_float(v, "shape item")) for v in shape),
        data=tuple(
            tuple(_float(x, "embedding value") for x in expect_list(row, "embedding"))
            for row in data
        ),
        pooling=_opt_str(out.get("pooling")),
    )


def speech_from_py(raw: object) -> SpeechRecognitionResult:
    """Structure ``{text, words?, word_count?, vtt?}``."""
    out = expect_dict(raw, "speech recognition")
    words_raw = out.get("words")
    words = tuple(
        Word(
            word=str(w.get("word", "")),
            start=_opt_float(w.get("start")),
            end=_opt_float(w.get("end")),
        )
        for w in (expect_dict(item, "word") for item in _items(words_raw))
    )
    return SpeechRecognitionResult(
        text=_response_text(out.get("text")),
        words=words,
        word_count=_opt_int(out.get("word_count")),
        vtt=_opt_str(out.get("vtt")),
    )


def classifications_from_py(raw: object) -> list[Classification]:
    """Structure ``[{label, score}]``."""
    return [
        Classification(label=str(c.get("label", "")), score=_float(c.get("score"), "score"))
        for c in (expect_dict(item, "classification") for item in expect_list(raw, "labels"))
    ]


def detections_from_py(raw: object) -> list[DetectedObject]:
    """Structure ``[{label, score, box?: {xmin, ymin, xmax, ymax}}]``."""
    found: list[DetectedObject] = []
    for item in expect_list(raw, "detections"):
        obj = expect_dict(item, "detection")
        box_raw = obj.get("box")
        box = None
        if box_raw is not None:
            b = expect_dict(box_raw, "box")
            box = BoundingBox(
                xmin=_float(b.get("xmin"), "box.xmin"),
                ymin=_float(b.get("ymin"), "box.ymin"),
                xmax=_float(b.get("xmax"), "box.xmax"),
                ymax=_float(b.get("ymax"), "box.ymax"),
            )
        found.append(
            DetectedObject(
                label=str(obj.get("label", "")), score=_float(obj.get("score"), "score"), box=box
            )
        )
    return found


def field_text(raw: object, field: str, what: str) -> str:
    """``raw[field]`` as text (translation ``translated_text``, summarization ``summary``)."""
    value = expect_dict(raw, what).get(field)
    if not isinstance(value, str):
        raise ResponseDecodeError(f"{what} has no text field {field!r}: {raw!r}")
    return value


def models_from_py(raw: object) -> list[ModelInfo]:
    """Structure the ``models()`` list."""
    models: list[ModelInfo] = []
    for item in expect_list(raw, "models"):
        m = expect_dict(item, "model")
        task_raw = m.get("task")
        task = None
        if isinstance(task_raw, dict):
            t: dict[str, Any] = task_raw  # pyright: ignore[reportUnknownVariableType]
            task = ModelTask(
                id=str(t.get("id", "")),
                name=str(t.get("name", "")),
                description=_opt_str(t.get("description")),
            )
        properties = {
            str(p.get("property_id")): p.get("value")
            for p in (expect_dict(x, "property") for x in _items(m.get("properties")))
        }
        models.append(
            ModelInfo(
                id=str(m.get("id", "")),
                name=str(m.get("name", "")),
                description=_opt_str(m.get("description")),
                source=_opt_int(m.get("source")),
                task=task,
                tags=tuple(str(x) for x in _items(m.get("tags"))),
                properties=properties,
            )
        )
    return models


def conversion_from_py(raw: object) -> MarkdownConversion:
    """Structure one ``toMarkdown`` result (success or error variant)."""
    out = expect_dict(raw, "markdown conversion")
    return MarkdownConversion(
        name=str(out.get("name", "")),
        format=str(out.get("format", "")),
        mime_type=_opt_str(out.get("mimeType")),
        tokens=_opt_int(out.get("tokens")),
        data=_opt_str(out.get("data")),
        error=_opt_str(out.get("error")),
        id=_opt_str(out.get("id")),
    )


def documents_to_check(documents: Sequence[MarkdownDocument]) -> list[MarkdownDocument]:
    """Validate the documents given to ``to_markdown``."""
    if isinstance(documents, MarkdownDocument):
        raise InvalidInputError("to_markdown takes a list of MarkdownDocument; wrap one in [...]")
    if not isinstance(documents, Sequence) or not documents:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("to_markdown needs at least one MarkdownDocument")
    for i, doc in enumerate(documents):
        if not isinstance(doc, MarkdownDocument):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"documents[{i}] must be a MarkdownDocument, got {type(doc).__name__}"
            )
        check_text(doc.name, f"documents[{i}].name")
        if not isinstance(doc.data, bytes | bytearray | memoryview) or not doc.data:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"documents[{i}].data must be non-empty bytes")
    return list(documents)
