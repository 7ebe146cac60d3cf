"""``Ai`` inside Pyodide against a **test double** of the Workers AI binding (not the service).

Workers AI has no offline simulator, so ``tests/ai_double.mjs`` -- a JS Worker implementing the
binding's ``run``/``models``/``toMarkdown`` interface with canned answers in the documented
output shapes -- is reached through a service binding: arguments and results really cross the
JS boundary and Miniflare's RPC proxy. Passing tests show our wire shapes and result parsing
agree with the documented shapes, not that a real model answers this way.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from __future__ import annotations

import json
from pathlib import Path

from cloudflarefs.ai.runtime import (
    Ai,
    AiGateway,
    BoundingBox,
    Classification,
    MarkdownDocument,
    Message,
    TextGenerationChunk,
    TextGenerationResult,
    Usage,
)
from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import JsError, await_maybe, from_js
from cloudflarefs.testing.pytest_plugin import run_in_worker

DOUBLE = {
    "workers": {"ai-double": (Path(__file__).parent / "ai_double.mjs").read_text()},
    "services": {"AI": "ai-double"},
}


@run_in_worker(bindings=DOUBLE)
async def test_text_generation_prompt_messages_options_and_gateway(env):
    LLAMA = "@cf/meta/llama-3.1-8b-instruct"
    ai = Ai(env.AI)
    out = await ai.text_generation(LLAMA, prompt="hello", max_tokens=64, temperature=0.2, seed=7)
    assert out == TextGenerationResult(
        response="echo: hello", usage=Usage(prompt_tokens=5, completion_tokens=3, total_tokens=8)
    ), out
    chat = await ai.text_generation(
        LLAMA,
        messages=[
            Message(role="system", content="be brief"),
            Message(role="user", content="hi", name="ann"),
        ],
        gateway=AiGateway(id="gw", skip_cache=True, cache_ttl=3600, metadata={"team": "a"}),
    )
    assert chat.response == "echo: hi", chat
    json_mode = await ai.text_generation(
        LLAMA, prompt="q", response_format={"type": "json_schema", "json_schema": {}}
    )
    assert json_mode.response == '{"answer": "q"}', json_mode
    tools = await ai.text_generation(
        LLAMA, prompt="weather?", tools=[{"name": "get_weather", "parameters": {}}]
    )
    assert tools.response == "" and tools.tool_calls[0].name == "get_weather", tools
    assert tools.tool_calls[0].arguments == {"city": "Lisbon"}, tools
    calls = from_js(await await_maybe(env.AI.calls()), objects="all")
    assert calls[0]["inputs"] == {
        "prompt": "hello",
        "max_tokens": 64,
        "temperature": 0.2,
        "seed": 7,
    }, calls[0]
    assert calls[0]["options"] is None, "no options object without a gateway"
    assert calls[1]["inputs"]["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi", "name": "ann"},
    ], calls[1]
    assert calls[1]["options"] == {
        "gateway": {"id": "gw", "skipCache": True, "cacheTtl": 3600, "metadata": {"team": "a"}}
    }, calls[1]


@run_in_worker(bindings=DOUBLE)
async def test_text_generation_stream_yields_parsed_sse_events_until_done(env):
    LLAMA = "@cf/meta/llama-3.1-8b-instruct"
    ai = Ai(env.AI)
    stream = await ai.text_generation(LLAMA, prompt="hey", stream=True)
    chunks = [chunk async for chunk in stream]
    assert [c.response for c in chunks] == ["Hel", "lo", ""], chunks  # nothing after [DONE]
    assert all(isinstance(c, TextGenerationChunk) for c in chunks), chunks
    assert chunks[-1].usage == Usage(prompt_tokens=3, completion_tokens=3, total_tokens=6)
    assert chunks[0].usage is None, chunks[0]
    calls = from_js(await await_maybe(env.AI.calls()), objects="all")
    assert calls[0]["inputs"] == {"prompt": "hey", "stream": True}, calls


@run_in_worker(bindings=DOUBLE)
async def test_embeddings_one_text_and_a_batch(env):
    ai = Ai(env.AI)
    one = await ai.embeddings("@cf/baai/bge-base-en-v1.5", "abc")
    assert one.shape == (1, 3) and one.data == ((3.0, 0.0, -0.5),), one
    batch = await ai.embeddings("@cf/baai/bge-base-en-v1.5", ["a", "bb"])
    assert batch.shape == (2, 3) and batch.data[1] == (2.0, 1.0, -0.5), batch
    assert batch.pooling == "mean", batch
    calls = from_js(await await_maybe(env.AI.calls()), objects="all")
    assert [c["inputs"] for c in calls] == [{"text": "abc"}, {"text": ["a", "bb"]}], calls


@run_in_worker(bindings=DOUBLE)
async def test_text_to_image_stream_base64_and_byte_array_answers_are_bytes(env):
    ai = Ai(env.AI)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    sdxl = await ai.text_to_image(
        "@cf/stabilityai/stable-diffusion-xl-base-1.0",
        "a cat",
        negative_prompt="dogs",
        width=512,
        height=512,
        num_steps=20,
        guidance=7.5,
        seed=1,
    )
    assert sdxl == png, sdxl  # a ReadableStream of two chunks
    assert await ai.text_to_image("@cf/black-forest-labs/flux-1-schnell", "a cat") == png
    assert await ai.text_to_image("@cf/lykon/dreamshaper-8-lcm", "a cat", image=b"\x01\x02") == png
    calls = from_js(await await_maybe(env.AI.calls()), objects="all")
    assert calls[0]["inputs"] == {
        "prompt": "a cat",
        "negative_prompt": "dogs",
        "width": 512,
        "height": 512,
        "num_steps": 20,
        "guidance": 7.5,
        "seed": 1,
    }, calls[0]
    assert calls[2]["inputs"]["image"] == 2, "img2img source sent as a uint8 array"
    try:
        await ai.text_to_image("@cf/bad/not-an-image", "x")
        raise AssertionError("a JSON answer without image was accepted")
    except ResponseDecodeError as exc:
        assert "image" in str(exc), exc


@run_in_worker(bindings=DOUBLE)
async def test_speech_translation_summarization_classification_detection(env):
    ai = Ai(env.AI)
    heard = await ai.speech_recognition("@cf/openai/whisper", b"\x00\xff" * 5)
    assert heard.text == "heard 10 bytes" and heard.word_count == 3, heard
    assert [w.word for w in heard.words] == ["heard", "10", "bytes"], heard
    assert heard.words[2].end == 1.2 and heard.vtt.startswith("WEBVTT"), heard
    turbo = await ai.speech_recognition("@cf/openai/whisper-large-v3-turbo", b"abcd", language="pt")
    assert turbo.text == "turbo 4 bytes in pt" and turbo.words == (), turbo
    translated = await ai.translation(
        "@cf/meta/m2m100-1.2b", "hello", target_lang="fr", source_lang="en"
    )
    assert translated == "[en->fr] hello", translated
    summary = await ai.summarization(
        "@cf/facebook/bart-large-cnn", "a long text " * 5, max_length=6
    )
    assert summary == "a long", summary
    sentiment = await ai.text_classification("@cf/huggingface/distilbert-sst-2-int8", "great")
    assert sentiment[1] == Classification(label="POSITIVE", score=0.9997), sentiment
    labels = await ai.image_classification("@cf/microsoft/resnet-50", b"\x89PNG")
    assert labels[0] == Classification(label="EGYPTIAN CAT", score=0.89), labels
    found = await ai.object_detection("@cf/facebook/detr-resnet-50", b"\x89PNG")
    assert found[0].label == "cat" and found[0].box == BoundingBox(
        xmin=10, ymin=20, xmax=110, ymax=220
    ), found
    assert found[1].box is None and found[1].score == 0.5, found


@run_in_worker(bindings=DOUBLE)
async def test_models_run_raw_and_to_markdown(env):
    ai = Ai(env.AI)
    every = await ai.models()
    assert [m.name for m in every] == [
        "@cf/baai/bge-base-en-v1.5",
        "@cf/meta/llama-3.1-8b-instruct",
    ], every
    llama = every[1]
    assert llama.task.name == "Text Generation" and llama.tags == ("beta",), llama
    assert llama.properties == {"context_window": "7968", "beta": "true"}, llama
    embedders = await ai.models(task="Text Embeddings", per_page=10)
    assert [m.name for m in embedders] == ["@cf/baai/bge-base-en-v1.5"], embedders

    raw = await ai.run_raw("@cf/raw/echo", {"x": [1, None], "y": {"z": "w"}})
    assert raw["echoed"] == {"x": [1, None], "y": {"z": "w"}}, raw
    assert raw["at"].year == 2025 and raw["bytes"] == b"\x01\x02", raw
    assert await ai.run_raw("@cf/raw/stream", {"stream": True}) == b"data: one\n\n"
    # Inputs are JSON: a None anywhere reaches the model as null, never as a dropped key.
    nested = {"a": None, "b": [None, {"c": None}], "tools": [{"default": None}]}
    as_json = await ai.run_raw("@cf/raw/json", nested)
    assert json.loads(as_json["json"]) == nested, as_json

    import js  # only inside Pyodide

    # Blobs cannot cross Miniflare's Node proxy (its Blob reviver asserts), so this adapter,
    # on the Python side of the proxy, checks that Ai sent real Blobs and forwards their bytes.
    adapt = js.Function.new(
        "ai",
        """return { toMarkdown: async (files, opts) => {
          const plain = await Promise.all(files.map(async f => {
            if (!(f.blob instanceof Blob)) throw new TypeError("not a Blob");
            return {name: f.name, type: f.blob.type, bytes: new Uint8Array(await f.blob.arrayBuffer())};
          }));
          return ai.toMarkdown(plain, opts); } }""",
    )
    converted = await Ai(adapt(env.AI)).to_markdown(
        [
            MarkdownDocument(name="a.txt", data=b"hi there", mime_type="text/plain"),
            MarkdownDocument(name="b.bin", data=b"\x00", mime_type="application/x-unknown"),
        ],
        gateway=AiGateway(id="gw"),
    )
    assert converted[0].ok and converted[0].data == "# a.txt\n\nhi there", converted
    assert converted[0].tokens == 8 and converted[0].mime_type == "text/plain", converted
    assert not converted[1].ok and converted[1].error == "Unsupported file type", converted
    calls = from_js(await await_maybe(ai.js.calls()), objects="all")  # the raw binding
    assert calls[1] == {"models": {"task": "Text Embeddings", "per_page": 10}}, calls
    assert calls[-1] == {"toMarkdown": 2, "options": {"gateway": {"id": "gw"}}}, calls


@run_in_worker(bindings=DOUBLE)
async def test_bad_input_raises_before_the_call(env):
    LLAMA = "@cf/meta/llama-3.1-8b-instruct"
    ai = Ai(env.AI)
    cases = {
        "empty model": ai.text_generation("", prompt="x"),
        "blank model": ai.embeddings("  ", "x"),
        "no prompt or messages": ai.text_generation(LLAMA),
        "both": ai.text_generation(LLAMA, prompt="x", messages=[Message(role="user", content="x")]),
        "empty prompt": ai.text_generation(LLAMA, prompt=""),
        "empty messages": ai.text_generation(LLAMA, messages=[]),
        "bad role": ai.text_generation(LLAMA, messages=[Message(role="robot", content="x")]),
        "content not str": ai.text_generation(LLAMA, messages=[{"role": "user", "content": 1}]),
        "max_tokens 0": ai.text_generation(LLAMA, prompt="x", max_tokens=0),
        "temperature nan": ai.text_generation(LLAMA, prompt="x", temperature=float("nan")),
        "unknown option": ai.text_generation(LLAMA, prompt="x", temprature=1),
        "empty gateway id": ai.text_generation(LLAMA, prompt="x", gateway=AiGateway(id="")),
        "negative cache_ttl": ai.embeddings("m", "x", gateway=AiGateway(id="g", cache_ttl=-1)),
        "no texts": ai.embeddings("m", []),
        "101 texts": ai.embeddings("m", ["t"] * 101),
        "blank text": ai.embeddings("m", ["ok", ""]),
        "empty audio": ai.speech_recognition("@cf/openai/whisper", b""),
        "audio str": ai.speech_recognition("@cf/openai/whisper", "abc"),
        "language on whisper": ai.speech_recognition("@cf/openai/whisper", b"a", language="en"),
        "empty image": ai.image_classification("@cf/microsoft/resnet-50", b""),
        "empty detection image": ai.object_detection("@cf/facebook/detr-resnet-50", bytearray()),
        "empty img2img": ai.text_to_image("m", "p", image=b""),
        "empty image prompt": ai.text_to_image("m", ""),
        "width 0": ai.text_to_image("m", "p", width=0),
        "no target_lang": ai.translation("m", "hi", target_lang=""),
        "empty summary text": ai.summarization("m", ""),
        "empty classify text": ai.text_classification("m", ""),
        "page 0": ai.models(page=0),
        "no documents": ai.to_markdown([]),
        "bare document": ai.to_markdown(MarkdownDocument(name="a", data=b"x")),
        "empty document": ai.to_markdown([MarkdownDocument(name="a", data=b"")]),
        "raw inputs list": ai.run_raw("m", [1]),
    }
    for name, call in cases.items():
        try:
            await call
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    assert from_js(await await_maybe(env.AI.calls())) == [], "nothing reached the double"
    try:
        Ai(None)
        raise AssertionError("Ai(None) accepted")
    except InvalidInputError:
        pass


@run_in_worker(bindings=DOUBLE)
async def test_binding_errors_become_jserror(env):
    ai = Ai(env.AI)
    try:
        await ai.run_raw("@cf/nobody/unknown", {"prompt": "x"})
        raise AssertionError("an unknown model was accepted by the double")
    except JsError as exc:
        assert "AiError: 5007" in exc.js_message and "unknown" in str(exc), exc
    try:
        await ai.translation("@cf/meta/m2m100-1.2b", "x", target_lang="fr", source_lang="en")
        await ai.run_raw("@cf/meta/m2m100-1.2b", {"text": "x"})  # no target_lang
        raise AssertionError("missing target_lang accepted by the double")
    except JsError as exc:
        assert "target_lang" in exc.js_message, exc
