"""Behaviour of the Workers AI management client over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.ai.management import AIClient, EventStream, ServerSentEvent
from cloudflarefs.ai.management.aio import AIClient as AsyncAIClient
from cloudflarefs.core.errors import (
    APIStatusError,
    BadRequestError,
    InvalidInputError,
    RateLimitError,
)
from cloudflarefs.testing.http import (
    Handler,
    MockClients,
    Recorder,
    envelope,
    failure,
    multipart_messages,
    never,
)

MakeSync = Callable[[Handler], tuple[AIClient, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncAIClient, Recorder]]


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    """Build a sync client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AIClient)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    """Build an async client over a recording MockTransport (account ``acc``)."""
    return mock_clients.factory(AsyncAIClient)


LLAMA = "@cf/meta/llama-3.1-8b-instruct"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _sse(*events: str) -> httpx.Response:
    body = "".join(f"data: {e}\n\n" for e in events).encode()
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)


def test_run_sends_json_and_returns_the_result(sync_client: MakeSync) -> None:
    ai, rec = sync_client(lambda _: envelope({"response": "Hello!"}))
    assert ai.run(LLAMA, {"prompt": "Hi", "max_tokens": 16}) == {"response": "Hello!"}
    request = rec.requests[0]
    # the model's slashes stay path separators
    assert request.url.raw_path == b"/client/v4/accounts/acc/ai/run/@cf/meta/llama-3.1-8b-instruct"
    assert request.headers["content-type"] == "application/json"
    assert rec.json() == {"prompt": "Hi", "max_tokens": 16}


def test_run_accepts_generated_body_models(sync_client: MakeSync) -> None:
    from cloudflarefs.ai.management._generated.models import RunCfBaaiBgeBaseEnV15Body

    ai, rec = sync_client(lambda _: envelope({"shape": [1, 3], "data": [[0.1, 0.2, 0.3]]}))
    body = RunCfBaaiBgeBaseEnV15Body(text="hello")
    result = ai.run("@cf/baai/bge-base-en-v1.5", body)
    assert result["shape"] == [1, 3]
    assert rec.json() == {"text": "hello"}


def test_binary_input_is_sent_as_octet_stream(sync_client: MakeSync) -> None:
    ai, rec = sync_client(lambda _: envelope({"text": "hello world"}))
    audio = b"RIFF\x00\x01\x02\x03WAVEfmt "
    assert ai.run("@cf/openai/whisper", audio) == {"text": "hello world"}
    assert rec.requests[0].headers["content-type"] == "application/octet-stream"
    assert rec.requests[0].content == audio


def test_image_output_comes_back_as_bytes(sync_client: MakeSync) -> None:
    ai, _ = sync_client(
        lambda _: httpx.Response(200, headers={"content-type": "image/png"}, content=PNG)
    )
    image = ai.run("@cf/bytedance/stable-diffusion-xl-lightning", {"prompt": "a cat"})
    assert image == PNG


def test_error_envelope_of_an_image_model_still_raises(sync_client: MakeSync) -> None:
    ai, _ = sync_client(
        lambda _: failure(400, 5006, "Error: required properties at '/' are 'prompt'")
    )
    with pytest.raises(BadRequestError) as info:
        ai.run("@cf/lykon/dreamshaper-8-lcm", {})
    assert 5006 in info.value.codes


def test_stream_yields_parsed_events_until_done(sync_client: MakeSync) -> None:
    ai, rec = sync_client(
        lambda _: _sse('{"response":"Hel"}', '{"response":"lo"}', "[DONE]", '{"response":"late"}')
    )
    with ai.run(LLAMA, {"messages": [{"role": "user", "content": "Hi"}]}, stream=True) as events:
        assert isinstance(events, EventStream)
        chunks = [e.json()["response"] for e in events]
    assert chunks == ["Hel", "lo"]
    assert rec.json() == {"messages": [{"role": "user", "content": "Hi"}], "stream": True}
    assert rec.requests[0].headers["accept"] == "text/event-stream"


def test_stream_error_raises_at_the_call(sync_client: MakeSync) -> None:
    ai, _ = sync_client(lambda _: failure(429, 3040, "Capacity temporarily exceeded"))
    with pytest.raises(RateLimitError):
        ai.run(LLAMA, {"prompt": "Hi"}, stream=True)


def test_success_false_raises(sync_client: MakeSync) -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        body = {
            "success": False,
            "errors": [{"code": 7000, "message": "No route for that URI"}],
            "messages": [],
            "result": None,
        }
        return httpx.Response(200, json=body)

    ai, _ = sync_client(handler)
    with pytest.raises(APIStatusError, match="No route"):
        ai.run(LLAMA, {"prompt": "Hi"})


BAD_CALLS: list[Callable[[AIClient], object]] = [
    lambda ai: ai.run("", {"prompt": "x"}),
    lambda ai: ai.run("@cf/meta/../secret", {"prompt": "x"}),
    lambda ai: ai.run("@cf/meta//llama", {"prompt": "x"}),
    # Percent-encoded dot segments: refused like every path parameter (issue 8).
    lambda ai: ai.run("@cf/%2e%2e/secret", {"prompt": "x"}),
    lambda ai: ai.run("@cf/meta/%252E", {"prompt": "x"}),
    lambda ai: ai.run(LLAMA, {"prompt": "x"}, account_id=".."),
    lambda ai: ai.run("@cf/meta/llama 3", {"prompt": "x"}),
    lambda ai: ai.run("@cf/meta/llama?x=1", {"prompt": "x"}),
    lambda ai: ai.run(LLAMA, b""),
    lambda ai: ai.run(LLAMA, b"audio", stream=True),
    lambda ai: ai.run(LLAMA, ["not", "a", "dict"]),
    lambda ai: ai.models.get_schema(""),
    lambda ai: ai.finetunes.create("", model=LLAMA),
    lambda ai: ai.finetunes.create("tune", model=""),
    lambda ai: ai.finetunes.upload_asset("", file_name="a.json", content=b"{}"),
    lambda ai: ai.finetunes.upload_asset("ft", file_name="", content=b"{}"),
    lambda ai: ai.finetunes.upload_asset("ft", file_name="a.json", content=b""),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_input_never_reaches_the_transport(
    sync_client: MakeSync, call: Callable[[AIClient], object]
) -> None:
    ai, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        call(ai)
    assert rec.requests == []


def test_models_list_walks_pages(sync_client: MakeSync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        items = [{"name": f"m{page}a"}, {"name": f"m{page}b"}] if page <= 2 else []
        return envelope(items, result_info={"page": page, "per_page": 2, "total_count": 4})

    ai, rec = sync_client(handler)
    names = [m["name"] for m in ai.models.list(task="Text Generation", per_page=2)]
    assert names == ["m1a", "m1b", "m2a", "m2b"]
    assert rec.requests[0].url.params["task"] == "Text Generation"
    assert rec.requests[1].url.params["page"] == "2"


def test_model_schema_query(sync_client: MakeSync) -> None:
    ai, rec = sync_client(lambda _: envelope({"input": {}, "output": {}}))
    assert ai.models.get_schema(LLAMA) == {"input": {}, "output": {}}
    assert rec.requests[0].url.params["model"] == LLAMA


def test_finetune_create_and_asset_upload_multipart(sync_client: MakeSync) -> None:
    created = {
        "id": "ft-1",
        "name": "tune",
        "model": LLAMA,
        "public": False,
        "created_at": "2024-01-01T00:00:00Z",
        "modified_at": "2024-01-01T00:00:00Z",
    }
    asset = {
        "id": "as-1",
        "finetune_id": "ft-1",
        "bucket_name": "b",
        "file_name": "adapter_config.json",
        "created_at": "2024-01-01T00:00:00Z",
        "modified_at": "2024-01-01T00:00:00Z",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return envelope(asset if request.url.path.endswith("/finetune-assets") else created)

    ai, rec = sync_client(handler)
    tune = ai.finetunes.create("tune", model=LLAMA, description="d")
    assert tune.id == "ft-1"
    assert rec.json(0) == {"name": "tune", "model": LLAMA, "description": "d"}

    content = b'{"r": 8, "lora_alpha": 16}'
    result = ai.finetunes.upload_asset("ft-1", file_name="adapter_config.json", content=content)
    assert result.file_name == "adapter_config.json"
    request = rec.requests[1]
    assert request.url.path.endswith("/ai/finetunes/ft-1/finetune-assets")
    parts = multipart_messages(request)
    assert [p.get_param("name", header="content-disposition") for p in parts] == [
        "file",
        "file_name",
    ]
    assert parts[0].get_filename() == "adapter_config.json"
    assert parts[0].get_content_type() == "application/octet-stream"
    assert parts[0].get_payload(decode=True) == content
    assert parts[1].get_payload(decode=True) == b"adapter_config.json"


def test_public_finetunes_use_offset_paging(sync_client: MakeSync) -> None:
    item = {
        "id": "x",
        "name": "n",
        "model": LLAMA,
        "public": True,
        "created_at": "2024-01-01T00:00:00Z",
        "modified_at": "2024-01-01T00:00:00Z",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        page = [{**item, "id": f"x{offset + i}"} for i in range(2)]
        return envelope(page if offset < 4 else [])

    ai, rec = sync_client(handler)
    assert [t.id for t in ai.finetunes.list_public(limit=2)] == ["x0", "x1", "x2", "x3"]
    assert [r.url.params.get("offset", "0") for r in rec.requests][:2] == ["0", "2"]


async def test_async_run_json_binary_and_stream(async_client: MakeAsync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("accept") == "text/event-stream":
            return _sse('{"response":"a"}', '{"response":"b"}', "[DONE]")
        if "stable-diffusion" in request.url.path:
            return httpx.Response(200, headers={"content-type": "image/png"}, content=PNG)
        return envelope({"response": "ok"})

    ai, _ = async_client(handler)
    assert await ai.run(LLAMA, {"prompt": "x"}) == {"response": "ok"}
    assert await ai.run("@cf/stabilityai/stable-diffusion-xl-base-1.0", {"prompt": "x"}) == PNG
    async with await ai.run(LLAMA, {"prompt": "x"}, stream=True) as events:
        got = [e async for e in events]
    assert got == [
        ServerSentEvent(data='{"response":"a"}'),
        ServerSentEvent(data='{"response":"b"}'),
    ]


async def test_async_stream_error_and_bad_input(async_client: MakeAsync) -> None:
    ai, rec = async_client(lambda _: failure(400, 5006, "bad input"))
    with pytest.raises(BadRequestError):
        await ai.run(LLAMA, {"prompt": "x"}, stream=True)
    with pytest.raises(InvalidInputError):
        await ai.run("", {"prompt": "x"})
    assert len(rec.requests) == 1


async def test_async_groups(async_client: MakeAsync) -> None:
    ai, _ = async_client(lambda _: envelope([{"name": "Text Generation"}]))
    assert [t["name"] async for t in ai.tasks.list()] == ["Text Generation"]
    assert [t["name"] async for t in ai.authors.list()] == ["Text Generation"]


def test_stream_is_released_when_abandoned(sync_client: MakeSync) -> None:
    ai, _ = sync_client(lambda _: _sse('{"response":"a"}', '{"response":"b"}'))
    events = ai.run(LLAMA, {"prompt": "x"}, stream=True)
    iterator = iter(events)
    assert next(iterator).json() == {"response": "a"}
    events.close()
    events.close()  # idempotent
    assert json.loads('{"ok": 1}') == {"ok": 1}
