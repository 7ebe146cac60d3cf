"""Workers AI contract: every operation of specs/ai.json, sync and async, against Prism.

The spec has one operation per model (``POST /ai/run/@cf/...``) plus the generic
``POST /ai/run/{model_name}``; ``AIClient.run`` reaches each of them by model name, with the
inputs the model's request schema asks for (JSON, or bytes for audio/image models).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from contract_support.environment import ContractEnvironment

from cloudflarefs.ai.management import (
    EventStream,
    FinetunesCreateResult,
    FinetunesListPublicResultItem,
    FinetunesListResult,
    FinetunesUploadAssetResult,
    ServerSentEvent,
    ToMarkdownSupportedResultItem,
    ToMarkdownTransformResultItem,
)

SPEC = Path(__file__).parents[2] / "tools/cloudflarefs-codegen/specs/ai.json"
RUN_PREFIX = "/accounts/{account_id}/ai/run/"
FINETUNE = "bc451aef345f4f0dae4dd1d6f1b7a9b5"
LLAMA = "@cf/meta/llama-3.1-8b-instruct"
# Any object matches the optional-only "Object Detection" variant of the generic oneOf too, so
# only an image-to-text body with a base64 image string matches exactly one variant.
GENERIC: dict[str, Any] = {"image": "aGVsbG8=", "max_tokens": 32}
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00"

# A value for each required input field the run schemas use.
FIELD_VALUES: dict[str, Any] = {
    "text": "The quick brown fox",
    "prompt": "Say hello",
    "input_text": "A long article to summarise.",
    "target_lang": "french",
}


def _schema(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _model_inputs() -> list[tuple[str, Any]]:
    """(model, inputs) for every per-model run operation of the spec."""
    spec = json.loads(SPEC.read_text())
    cases: list[tuple[str, Any]] = []
    for path, ops in sorted(spec["paths"].items()):
        if not path.startswith(RUN_PREFIX + "@"):
            continue
        content = ops["post"]["requestBody"]["content"]
        if "application/octet-stream" in content:
            cases.append((path.removeprefix(RUN_PREFIX), WAV))
            continue
        schema = _schema(spec, content["application/json"]["schema"])
        variants = schema.get("oneOf") or schema.get("anyOf") or [schema]
        required = _schema(spec, variants[0]).get("required", [])
        cases.append((path.removeprefix(RUN_PREFIX), {f: FIELD_VALUES[f] for f in required}))
    assert len(cases) > 40
    return cases


MODELS = _model_inputs()


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("ai", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("ai", "async")


def _check_result(result: Any) -> None:
    assert isinstance(result, dict | list | str | bytes) or result is None


def test_run_every_model_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ai:
        for model, inputs in MODELS:
            _check_result(ai.run(model, inputs))
        _check_result(ai.run("custom-model", GENERIC))  # the generic {model_name}


async def test_run_every_model_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ai:
        for model, inputs in MODELS:
            _check_result(await ai.run(model, inputs))
        _check_result(await ai.run("custom-model", GENERIC))


def test_run_stream_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ai, ai.run(LLAMA, {"prompt": "Hi"}, stream=True) as events:
        assert isinstance(events, EventStream)
        got = list(events)
    assert all(isinstance(e, ServerSentEvent) for e in got)


async def test_run_stream_async(contract: ContractEnvironment) -> None:
    async with (
        _async(contract) as ai,
        await ai.run(LLAMA, {"prompt": "Hi"}, stream=True) as events,
    ):
        got = [e async for e in events]
    assert all(isinstance(e, ServerSentEvent) for e in got)


def test_catalogue_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ai:
        models = ai.models.list(search="llama", task="Text Generation", per_page=5, max_pages=2)
        listed = models.to_list()
        schema = ai.models.get_schema(LLAMA)
        authors = ai.authors.list().to_list()
        tasks = ai.tasks.list().to_list()
    assert all(isinstance(m, dict) for m in listed)
    assert isinstance(schema, dict)
    assert all(isinstance(a, dict) for a in authors) and all(isinstance(t, dict) for t in tasks)


async def test_catalogue_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ai:
        listed = await ai.models.list(per_page=5, max_pages=2).to_list()
        schema = await ai.models.get_schema(LLAMA)
        authors = await ai.authors.list().to_list()
        tasks = await ai.tasks.list().to_list()
    assert all(isinstance(m, dict) for m in listed)
    assert isinstance(schema, dict)
    assert all(isinstance(a, dict) for a in authors) and all(isinstance(t, dict) for t in tasks)


def test_finetunes_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ai:
        created = ai.finetunes.create("tune", model=LLAMA, description="d", public=False)
        listed = ai.finetunes.list()
        public = ai.finetunes.list_public(limit=5, order_by="created_at", max_pages=2).to_list()
        asset = ai.finetunes.upload_asset(
            FINETUNE, file_name="adapter_config.json", content=b'{"r": 8}'
        )
    assert isinstance(created, FinetunesCreateResult)
    assert isinstance(listed, FinetunesListResult)
    assert all(isinstance(p, FinetunesListPublicResultItem) for p in public)
    assert isinstance(asset, FinetunesUploadAssetResult)


async def test_finetunes_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ai:
        created = await ai.finetunes.create("tune", model=LLAMA)
        listed = await ai.finetunes.list()
        public = await ai.finetunes.list_public(limit=5, max_pages=2).to_list()
        asset = await ai.finetunes.upload_asset(
            FINETUNE, file_name="adapter_model.safetensors", content=b"\x00weights"
        )
    assert isinstance(created, FinetunesCreateResult)
    assert isinstance(listed, FinetunesListResult)
    assert all(isinstance(p, FinetunesListPublicResultItem) for p in public)
    assert isinstance(asset, FinetunesUploadAssetResult)


@pytest.mark.parametrize("model", ["@cf/bytedance/stable-diffusion-xl-lightning"])
def test_image_models_answer_bytes(contract: ContractEnvironment, model: str) -> None:
    with _sync(contract) as ai:
        assert isinstance(ai.run(model, {"prompt": "a cat"}), bytes)


# -- Markdown conversion (operations added after the 2024 spec) ------------------------------

DOCS = {"report.html": b"<h1>Report</h1><p>Q3</p>", "notes.txt": b"plain notes"}


def test_to_markdown_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ai:
        formats = ai.to_markdown.supported().to_list()
        converted = ai.to_markdown.transform(DOCS)
    assert formats and all(isinstance(f, ToMarkdownSupportedResultItem) for f in formats)
    assert converted and all(isinstance(c, ToMarkdownTransformResultItem) for c in converted)
    assert converted[0].format == "markdown" and converted[0].data


async def test_to_markdown_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ai:
        formats = await ai.to_markdown.supported().to_list()
        converted = await ai.to_markdown.transform([("scan.pdf", b"%PDF-1.7 ...")])
    assert formats and all(isinstance(f, ToMarkdownSupportedResultItem) for f in formats)
    assert converted and all(isinstance(c, ToMarkdownTransformResultItem) for c in converted)
