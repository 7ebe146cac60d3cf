"""Pure parts of cloudflarefs.ai.runtime on host CPython: validation, gateway options and
result structuring from the output shapes documented for each model family."""

from __future__ import annotations

from typing import Any

import pytest

from cloudflarefs.ai.runtime import (
    MAX_EMBEDDING_TEXTS,
    Ai,
    AiGateway,
    BoundingBox,
    Classification,
    MarkdownDocument,
    Message,
    TextGenerationResult,
    ToolCall,
    Usage,
    Word,
)
from cloudflarefs.ai.runtime._ai import _generation_inputs
from cloudflarefs.ai.runtime._models import (
    chunk_from_py,
    classifications_from_py,
    conversion_from_py,
    detections_from_py,
    documents_to_check,
    embeddings_from_py,
    field_text,
    models_from_py,
    speech_from_py,
    text_generation_from_py,
)
from cloudflarefs.ai.runtime._validate import (
    check_bytes,
    check_embedding_texts,
    check_messages,
    check_model,
)
from cloudflarefs.core import InvalidInputError, ResponseDecodeError


class UntouchableBinding:
    """Fails the test if any binding method is reached (validation must come first)."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"binding.{name} reached before validation failed")


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["", "   ", None, 3])
def test_model_must_be_a_non_empty_name(model: object) -> None:
    with pytest.raises(InvalidInputError, match="model"):
        check_model(model)


def test_messages_roles_and_content() -> None:
    ok = check_messages(
        [{"role": r, "content": "x"} for r in ("system", "user", "assistant", "tool")]
    )
    assert [m["role"] for m in ok] == ["system", "user", "assistant", "tool"]
    with pytest.raises(InvalidInputError, match=r"messages\[1\]\.role"):
        check_messages([{"role": "user", "content": "a"}, {"role": "bot", "content": "b"}])
    with pytest.raises(InvalidInputError, match="content"):
        check_messages([{"role": "user"}])
    with pytest.raises(InvalidInputError, match="empty"):
        check_messages([])


def test_generation_inputs_take_one_of_prompt_or_messages_and_check_options() -> None:
    assert _generation_inputs("hi", None, {"max_tokens": 10, "top_k": 5}) == {
        "prompt": "hi",
        "max_tokens": 10,
        "top_k": 5,
    }
    wire = _generation_inputs(None, [Message(role="user", content="x", name="n")], {})
    assert wire == {"messages": [{"role": "user", "content": "x", "name": "n"}]}
    for prompt, messages, options, match in [
        (None, None, {}, "exactly one"),
        ("a", [Message(role="user", content="b")], {}, "exactly one"),
        ("  ", None, {}, "prompt"),
        (None, "hello", {}, "list of Message"),
        ("a", None, {"max_tokens": True}, "max_tokens"),
        ("a", None, {"temperature": -0.1}, "temperature"),
        ("a", None, {"seed": -1}, "seed"),
        ("a", None, {"response_format": {"schema": {}}}, "response_format"),
        ("a", None, {"tools": "fn"}, "tools"),
        ("a", None, {"stream": True}, "unknown"),
    ]:
        with pytest.raises(InvalidInputError, match=match):
            _generation_inputs(prompt, messages, options)  # type: ignore[arg-type]


def test_embedding_texts_one_or_up_to_100() -> None:
    assert check_embedding_texts("a") == "a"
    assert len(check_embedding_texts(["t"] * MAX_EMBEDDING_TEXTS)) == MAX_EMBEDDING_TEXTS
    for bad in ([], ["t"] * (MAX_EMBEDDING_TEXTS + 1), ["ok", " "], b"bytes", [1]):
        with pytest.raises(InvalidInputError):
            check_embedding_texts(bad)  # type: ignore[arg-type]


def test_bytes_are_copied_and_must_not_be_empty() -> None:
    source = bytearray(b"ab")
    copied = check_bytes(source, "audio")
    source[0] = 0
    assert copied == b"ab"
    with pytest.raises(InvalidInputError, match="audio must not be empty"):
        check_bytes(b"", "audio")
    with pytest.raises(InvalidInputError, match="audio must be bytes"):
        check_bytes("ab", "audio")


def test_gateway_options_use_the_binding_names() -> None:
    gateway = AiGateway(
        id="gw",
        skip_cache=False,
        cache_ttl=0,
        cache_key="k",
        metadata={"user": "u1"},
        collect_log=True,
        event_id="e",
        request_timeout_ms=5000,
    )
    assert gateway.to_wire() == {
        "id": "gw",
        "skipCache": False,
        "cacheTtl": 0,
        "cacheKey": "k",
        "metadata": {"user": "u1"},
        "collectLog": True,
        "eventId": "e",
        "requestTimeoutMs": 5000,
    }
    assert AiGateway(id="gw").to_wire() == {"id": "gw"}
    for bad in (
        AiGateway(id=""),
        AiGateway(id="g", cache_ttl=-5),
        AiGateway(id="g", request_timeout_ms=0),
    ):
        with pytest.raises(InvalidInputError):
            bad.to_wire()


def test_documents_are_checked() -> None:
    docs = [MarkdownDocument(name="a.pdf", data=b"%PDF", mime_type="application/pdf")]
    assert documents_to_check(docs) == docs
    assert "4 bytes" in repr(docs[0]), "document bytes are not dumped into reprs"
    for bad in ([], docs[0], ["a.pdf"], [MarkdownDocument(name="", data=b"x")]):
        with pytest.raises(InvalidInputError):
            documents_to_check(bad)  # type: ignore[arg-type]


async def test_ai_validates_before_touching_the_binding() -> None:
    ai = Ai(UntouchableBinding())
    assert repr(ai) == "Ai(<binding>)"
    with pytest.raises(InvalidInputError):
        await ai.text_generation("", prompt="x")
    with pytest.raises(InvalidInputError):
        await ai.text_generation("m", messages=[Message(role="narrator", content="x")])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        await ai.embeddings("m", [])
    with pytest.raises(InvalidInputError):
        await ai.speech_recognition("@cf/openai/whisper", b"")
    with pytest.raises(InvalidInputError):
        await ai.object_detection("m", b"")
    with pytest.raises(InvalidInputError):
        await ai.models(per_page=0)
    with pytest.raises(InvalidInputError):
        await ai.run_raw("m", [1])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        await ai.run_raw("m", {}, gateway=AiGateway(id=""))
    with pytest.raises(InvalidInputError, match="None"):
        Ai(None)


# --- structuring documented output shapes ---------------------------------------------------


def test_text_generation_output() -> None:
    raw = {
        "response": "Hello!",
        "tool_calls": [{"name": "get_weather", "arguments": {"city": "Lisbon"}}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
    }
    assert text_generation_from_py(raw) == TextGenerationResult(
        response="Hello!",
        tool_calls=(ToolCall(name="get_weather", arguments={"city": "Lisbon"}),),
        usage=Usage(prompt_tokens=12, completion_tokens=3, total_tokens=15),
    )
    # OpenAI-style tool calls nest under "function"; a JSON-mode object becomes JSON text.
    nested = text_generation_from_py(
        {
            "response": {"a": 1},
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            ],
        }
    )
    assert nested.response == '{"a": 1}' and nested.tool_calls == (
        ToolCall(name="f", arguments="{}", id="c1"),
    )
    assert text_generation_from_py({}).response == "" and text_generation_from_py({}).usage is None
    assert chunk_from_py({"response": "Hel", "p": "abc"}).response == "Hel"
    with pytest.raises(ResponseDecodeError):
        text_generation_from_py(["not", "an", "object"])


def test_embeddings_output() -> None:
    out = embeddings_from_py(
        {"shape": [2, 3], "data": [[0.1, 0.2, 0.3], [1, 2, 3]], "pooling": "cls"}
    )
    assert out.shape == (2, 3) and out.data[1] == (1.0, 2.0, 3.0) and out.pooling == "cls"
    with pytest.raises(ResponseDecodeError):
        embeddings_from_py({"shape": [1, 1], "data": [["x"]]})
    with pytest.raises(ResponseDecodeError):
        embeddings_from_py({"data": []})


def test_speech_recognition_output() -> None:
    out = speech_from_py(
        {
            "text": "Hello world",
            "word_count": 2,
            "words": [
                {"word": "Hello", "start": 0, "end": 0.4},
                {"word": "world", "start": 0.4, "end": 0.9},
            ],
            "vtt": "WEBVTT\n",
        }
    )
    assert out.text == "Hello world" and out.word_count == 2 and out.vtt == "WEBVTT\n"
    assert out.words[1] == Word(word="world", start=0.4, end=0.9)
    assert speech_from_py({"text": "x"}).words == ()


def test_classification_and_detection_outputs() -> None:
    assert classifications_from_py([{"label": "EGYPTIAN CAT", "score": 0.8}]) == [
        Classification(label="EGYPTIAN CAT", score=0.8)
    ]
    found = detections_from_py(
        [{"score": 0.99, "label": "cat", "box": {"xmin": 1, "ymin": 2, "xmax": 3, "ymax": 4}}]
    )
    assert found[0].box == BoundingBox(xmin=1, ymin=2, xmax=3, ymax=4)
    with pytest.raises(ResponseDecodeError, match=r"box\.ymax"):
        detections_from_py([{"score": 1, "label": "x", "box": {"xmin": 1, "ymin": 2, "xmax": 3}}])
    with pytest.raises(ResponseDecodeError):
        classifications_from_py({"label": "x"})


def test_translation_summary_models_and_markdown_outputs() -> None:
    assert field_text({"translated_text": "Bonjour"}, "translated_text", "translation") == "Bonjour"
    with pytest.raises(ResponseDecodeError, match="summary"):
        field_text({}, "summary", "summarization")
    models = models_from_py(
        [
            {
                "id": "u1",
                "source": 1,
                "name": "@cf/meta/llama-3.1-8b-instruct",
                "description": "d",
                "tags": [],
                "task": {"id": "t1", "name": "Text Generation", "description": "gen"},
                "properties": [{"property_id": "context_window", "value": "7968"}],
            }
        ]
    )
    assert models[0].task is not None and models[0].task.name == "Text Generation"
    assert models[0].properties == {"context_window": "7968"} and models[0].source == 1
    ok = conversion_from_py(
        {
            "id": "i",
            "name": "a.pdf",
            "mimeType": "application/pdf",
            "format": "markdown",
            "tokens": 9,
            "data": "# A",
        }
    )
    assert ok.ok and ok.data == "# A" and ok.tokens == 9
    failed = conversion_from_py({"id": "i", "name": "b", "format": "error", "error": "Unsupported"})
    assert not failed.ok and failed.error == "Unsupported"
