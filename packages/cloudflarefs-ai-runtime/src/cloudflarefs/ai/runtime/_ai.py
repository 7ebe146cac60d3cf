"""``Ai``: the typed façade over a Workers AI binding (``env.AI``)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Literal, TypedDict, Unpack, overload

from cloudflarefs.ai.runtime._models import (
    AiGateway,
    Classification,
    DetectedObject,
    EmbeddingsResult,
    MarkdownConversion,
    MarkdownDocument,
    Message,
    ModelInfo,
    SpeechRecognitionResult,
    TextGenerationChunk,
    TextGenerationResult,
    chunk_from_py,
    classifications_from_py,
    conversion_from_py,
    detections_from_py,
    documents_to_check,
    embeddings_from_py,
    expect_dict,
    field_text,
    models_from_py,
    speech_from_py,
    text_generation_from_py,
)
from cloudflarefs.ai.runtime._validate import (
    check_bytes,
    check_embedding_texts,
    check_int,
    check_messages,
    check_model,
    check_number,
    check_text,
)
from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import (
    aiter_bytes,
    from_js,
    invoke_js,
    to_blob,
    to_js,
)
from cloudflarefs.core.sse import SSEDecoder

STREAM_DONE = "[DONE]"
"""The data of the event that ends a Workers AI stream."""


class GenerationOptions(TypedDict, total=False):
    """Optional text-generation inputs (names as on the wire; ranges vary by model)."""

    max_tokens: int
    temperature: float
    top_p: float
    top_k: int
    seed: int
    repetition_penalty: float
    frequency_penalty: float
    presence_penalty: float
    raw: bool
    response_format: Mapping[str, Any]
    """``{"type": "json_schema", "json_schema": {...}}`` for JSON mode."""
    tools: Sequence[Mapping[str, Any]]


_INT_OPTIONS = {"max_tokens": 1, "top_k": 1, "seed": 0}
_NUMBER_OPTIONS = {
    "temperature": 0.0,
    "top_p": 0.0,
    "repetition_penalty": 0.0,
    "frequency_penalty": None,
    "presence_penalty": None,
}


def _is_stream(value: object) -> bool:
    return hasattr(value, "getReader")


async def _read_all(stream: Any) -> bytes:
    return b"".join([chunk async for chunk in aiter_bytes(stream)])


def _generation_inputs(
    prompt: str | None, messages: Sequence[Message] | None, options: Mapping[str, Any]
) -> dict[str, Any]:
    if (prompt is None) == (messages is None):
        raise InvalidInputError("text_generation takes exactly one of prompt= or messages=")
    inputs: dict[str, Any] = {}
    if prompt is not None:
        inputs["prompt"] = check_text(prompt, "prompt")
    else:
        if isinstance(messages, str) or not isinstance(messages, Sequence):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("messages must be a list of Message")
        items: list[Any] = [m.to_wire() if isinstance(m, Message) else m for m in messages]  # pyright: ignore[reportUnnecessaryIsInstance]
        inputs["messages"] = check_messages(items)
    for key, value in options.items():
        if key in _INT_OPTIONS:
            inputs[key] = check_int(value, key, minimum=_INT_OPTIONS[key])
        elif key in _NUMBER_OPTIONS:
            inputs[key] = check_number(value, key, minimum=_NUMBER_OPTIONS[key])
        elif key == "raw":
            inputs[key] = bool(value)
        elif key == "response_format":
            if not isinstance(value, Mapping) or "type" not in value:
                raise InvalidInputError("response_format must be a mapping with a 'type'")
            inputs[key] = dict(value)  # pyright: ignore[reportUnknownArgumentType]
        elif key == "tools":
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise InvalidInputError("tools must be a list of tool definitions")
            inputs[key] = list(value)  # pyright: ignore[reportUnknownArgumentType]
        else:
            raise InvalidInputError(f"unknown text generation option {key!r}")
    return inputs


async def _events(stream: Any) -> AsyncIterator[TextGenerationChunk]:
    decoder = SSEDecoder()
    async for chunk in aiter_bytes(stream):
        for event in decoder.feed(chunk):
            if event.data == STREAM_DONE:
                return
            try:
                parsed = json.loads(event.data)
            except ValueError as exc:
                raise ResponseDecodeError(f"stream event is not JSON: {event.data!r}") from exc
            yield chunk_from_py(parsed)
    for event in decoder.close():
        if event.data != STREAM_DONE:
            yield chunk_from_py(json.loads(event.data))


class Ai:
    """A Workers AI binding: ``ai = Ai(env.AI)``.

    One method per task family with typed inputs and results, plus :meth:`run_raw` for any
    other model. Inputs are checked before the binding is called (``InvalidInputError``); a
    failure inside the binding raises ``JsError`` with its message.
    """

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("Ai needs a Workers AI binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "Ai(<binding>)"

    @property
    def js(self) -> Any:
        """The raw JS binding, for what this façade does not cover (``gateway(id)``,
        ``autorag``, ``aiSearch``, ``aiGatewayLogId``, ``returnRawResponse``)."""
        return self._js

    async def _run(self, model: str, inputs: Mapping[str, Any], gateway: AiGateway | None) -> Any:
        js_inputs = to_js(inputs, none_as="null")  # inputs are JSON: None is null at any depth
        if gateway is None:
            return await invoke_js(self._js.run, model, js_inputs)
        if not isinstance(gateway, AiGateway):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"gateway must be an AiGateway, got {type(gateway).__name__}"
            )
        js_options = to_js({"gateway": gateway.to_wire()})
        return await invoke_js(self._js.run, model, js_inputs, js_options)

    async def run_raw(
        self, model: str, inputs: Mapping[str, Any], *, gateway: AiGateway | None = None
    ) -> Any:
        """Run any model with untyped inputs; the output converted to plain Python.

        Objects become dicts, arrays lists, byte arrays ``bytes``; a returned stream is read
        to the end and returned as ``bytes`` (for typed streaming use :meth:`text_generation`).
        """
        check_model(model)
        if not isinstance(inputs, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"inputs must be a mapping, got {type(inputs).__name__}")
        if gateway is not None:
            gateway.to_wire()  # validate before converting inputs
        result = await self._run(model, inputs, gateway)
        if _is_stream(result):
            return await _read_all(result)
        return from_js(result, objects="all")

    @overload
    async def text_generation(
        self,
        model: str,
        *,
        prompt: str | None = None,
        messages: Sequence[Message] | None = None,
        stream: Literal[False] = False,
        gateway: AiGateway | None = None,
        **options: Unpack[GenerationOptions],
    ) -> TextGenerationResult: ...

    @overload
    async def text_generation(
        self,
        model: str,
        *,
        prompt: str | None = None,
        messages: Sequence[Message] | None = None,
        stream: Literal[True],
        gateway: AiGateway | None = None,
        **options: Unpack[GenerationOptions],
    ) -> AsyncIterator[TextGenerationChunk]: ...

    async def text_generation(
        self,
        model: str,
        *,
        prompt: str | None = None,
        messages: Sequence[Message] | None = None,
        stream: bool = False,
        gateway: AiGateway | None = None,
        **options: Unpack[GenerationOptions],
    ) -> TextGenerationResult | AsyncIterator[TextGenerationChunk]:
        """Generate text from ``prompt=`` or chat ``messages=`` (exactly one).

        With ``stream=True`` the awaited call returns an async iterator of
        :class:`TextGenerationChunk` parsed from the binding's server-sent events; it ends at
        ``data: [DONE]``::

            async for chunk in await ai.text_generation(model, prompt="Hi", stream=True):
                print(chunk.response, end="")
        """
        check_model(model)
        inputs = _generation_inputs(prompt, messages, options)
        if stream:
            inputs["stream"] = True
        if gateway is not None:
            gateway.to_wire()
        result = await self._run(model, inputs, gateway)
        if stream:
            if not _is_stream(result):
                raise ResponseDecodeError(
                    f"stream=True expected a ReadableStream, got {type(result).__name__}"
                )
            return _events(result)
        return text_generation_from_py(from_js(result, objects="all"))

    async def embeddings(
        self, model: str, text: str | Sequence[str], *, gateway: AiGateway | None = None
    ) -> EmbeddingsResult:
        """Embed one text or 1..100 texts: ``shape == (len(texts), dimensions)``."""
        check_model(model)
        inputs = {"text": check_embedding_texts(text)}
        result = await self._run(model, inputs, gateway)
        return embeddings_from_py(from_js(result, objects="all"))

    async def text_to_image(
        self,
        model: str,
        prompt: str,
        *,
        negative_prompt: str | None = None,
        width: int | None = None,
        height: int | None = None,
        num_steps: int | None = None,
        guidance: float | None = None,
        strength: float | None = None,
        seed: int | None = None,
        image: bytes | None = None,
        gateway: AiGateway | None = None,
    ) -> bytes:
        """Generate an image; returns its encoded bytes (PNG or JPEG, per the model).

        ``image=`` is the source for img2img models. Stable Diffusion answers with a byte
        stream and FLUX with base64 JSON; both come back as bytes.
        """
        check_model(model)
        inputs: dict[str, Any] = {"prompt": check_text(prompt, "prompt")}
        if negative_prompt is not None:
            inputs["negative_prompt"] = check_text(negative_prompt, "negative_prompt")
        for name, value, minimum in (("width", width, 1), ("height", height, 1)):
            if value is not None:
                inputs[name] = check_int(value, name, minimum=minimum)
        if num_steps is not None:
            inputs["num_steps"] = check_int(num_steps, "num_steps", minimum=1)
        if seed is not None:
            inputs["seed"] = check_int(seed, "seed", minimum=0)
        if guidance is not None:
            inputs["guidance"] = check_number(guidance, "guidance", minimum=0)
        if strength is not None:
            inputs["strength"] = check_number(strength, "strength", minimum=0)
        if image is not None:
            inputs["image"] = list(check_bytes(image, "image"))
        result = await self._run(model, inputs, gateway)
        return await _image_bytes(result)

    async def speech_recognition(
        self,
        model: str,
        audio: bytes,
        *,
        language: str | None = None,
        gateway: AiGateway | None = None,
    ) -> SpeechRecognitionResult:
        """Transcribe audio bytes (``mp3``, ``wav``, ...).

        Whisper models take the bytes as a list of integers; ``whisper-large-v3-turbo`` takes
        base64 (and ``language=``); the right form is chosen from the model name.
        """
        check_model(model)
        data = check_bytes(audio, "audio")
        inputs: dict[str, Any]
        if model.endswith("whisper-large-v3-turbo"):
            inputs = {"audio": base64.b64encode(data).decode("ascii")}
            if language is not None:
                inputs["language"] = check_text(language, "language")
        else:
            if language is not None:
                raise InvalidInputError(f"language= is not an input of {model}")
            inputs = {"audio": list(data)}
        result = await self._run(model, inputs, gateway)
        return speech_from_py(from_js(result, objects="all"))

    async def translation(
        self,
        model: str,
        text: str,
        *,
        target_lang: str,
        source_lang: str | None = None,
        gateway: AiGateway | None = None,
    ) -> str:
        """Translate ``text``; returns the translated text (languages as codes or names)."""
        check_model(model)
        inputs = {
            "text": check_text(text, "text"),
            "target_lang": check_text(target_lang, "target_lang"),
        }
        if source_lang is not None:
            inputs["source_lang"] = check_text(source_lang, "source_lang")
        result = await self._run(model, inputs, gateway)
        return field_text(from_js(result, objects="all"), "translated_text", "translation")

    async def summarization(
        self,
        model: str,
        text: str,
        *,
        max_length: int | None = None,
        gateway: AiGateway | None = None,
    ) -> str:
        """Summarize ``text`` (``input_text`` on the wire); returns the summary."""
        check_model(model)
        inputs: dict[str, Any] = {"input_text": check_text(text, "text")}
        if max_length is not None:
            inputs["max_length"] = check_int(max_length, "max_length", minimum=1)
        result = await self._run(model, inputs, gateway)
        return field_text(from_js(result, objects="all"), "summary", "summarization")

    async def text_classification(
        self, model: str, text: str, *, gateway: AiGateway | None = None
    ) -> list[Classification]:
        """Classify ``text`` (sentiment models answer ``POSITIVE``/``NEGATIVE`` scores)."""
        check_model(model)
        result = await self._run(model, {"text": check_text(text, "text")}, gateway)
        return classifications_from_py(from_js(result, objects="all"))

    async def image_classification(
        self, model: str, image: bytes, *, gateway: AiGateway | None = None
    ) -> list[Classification]:
        """Classify an image (encoded bytes); labels with scores, best first as the model sends."""
        check_model(model)
        inputs = {"image": list(check_bytes(image, "image"))}
        result = await self._run(model, inputs, gateway)
        return classifications_from_py(from_js(result, objects="all"))

    async def object_detection(
        self, model: str, image: bytes, *, gateway: AiGateway | None = None
    ) -> list[DetectedObject]:
        """Detect objects in an image (encoded bytes): label, score and bounding box each."""
        check_model(model)
        inputs = {"image": list(check_bytes(image, "image"))}
        result = await self._run(model, inputs, gateway)
        return detections_from_py(from_js(result, objects="all"))

    async def models(
        self,
        *,
        author: str | None = None,
        task: str | None = None,
        search: str | None = None,
        source: int | None = None,
        hide_experimental: bool | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> list[ModelInfo]:
        """The models this binding can run, optionally filtered (one page)."""
        params: dict[str, Any] = {}
        for name, value in (("author", author), ("task", task), ("search", search)):
            if value is not None:
                params[name] = check_text(value, name)
        if source is not None:
            params["source"] = check_int(source, "source", minimum=1)
        if hide_experimental is not None:
            params["hide_experimental"] = bool(hide_experimental)
        if page is not None:
            params["page"] = check_int(page, "page", minimum=1)
        if per_page is not None:
            params["per_page"] = check_int(per_page, "per_page", minimum=1)
        if params:
            js_params = to_js(params)
            result = await invoke_js(self._js.models, js_params)
        else:
            result = await invoke_js(self._js.models)
        return models_from_py(from_js(result, objects="all"))

    async def to_markdown(
        self, documents: Sequence[MarkdownDocument], *, gateway: AiGateway | None = None
    ) -> list[MarkdownConversion]:
        """Convert documents (PDF, HTML, images, Office files, ...) to Markdown, one result each.

        A document the service cannot convert gives a result with ``ok == False`` and
        ``error`` set rather than raising.
        """
        docs = documents_to_check(documents)
        options = None if gateway is None else to_js({"gateway": gateway.to_wire()})
        files = to_js(
            [{"name": d.name, "blob": to_blob(d.data, mime_type=d.mime_type)} for d in docs]
        )
        if options is None:
            result = await invoke_js(self._js.toMarkdown, files)
        else:
            result = await invoke_js(self._js.toMarkdown, files, options)
        # One file in gives one object out; a list in gives a list (we always send a list).
        converted: Any = from_js(result, objects="all")
        items: list[Any] = converted if isinstance(converted, list) else [converted]  # pyright: ignore[reportUnknownVariableType]
        return [conversion_from_py(item) for item in items]


async def _image_bytes(result: Any) -> bytes:
    if _is_stream(result):
        return await _read_all(result)
    value: Any = from_js(result, objects="all")
    if isinstance(value, bytes):
        return value
    if isinstance(value, dict):
        image: object = expect_dict(value, "image").get("image")  # pyright: ignore[reportUnknownArgumentType]
        if isinstance(image, str):
            return base64.b64decode(image)
    kind = type(value).__name__  # pyright: ignore[reportUnknownArgumentType]
    raise ResponseDecodeError(f"expected image bytes or base64 JSON, got {kind}")
