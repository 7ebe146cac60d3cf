"""Markdown conversion over httpx.MockTransport: one named ``files`` part per file, bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.ai.management import AIClient, ToMarkdownTransformResultItem
from cloudflarefs.ai.management.aio import AIClient as AsyncAIClient
from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.testing.http import Recorder, envelope, multipart_messages

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
PATH = f"/client/v4/accounts/{ACCOUNT}/ai/tomarkdown"
RESULT = [
    {
        "name": "a.html",
        "mimeType": "text/html",
        "format": "markdown",
        "tokens": 7,
        "data": "# A",
        "new": 1,
    },
    {
        "name": "b.bin",
        "mimeType": "application/octet-stream",
        "format": "error",
        "data": "unsupported",
    },
]


def client(rec: Recorder) -> AIClient:
    return AIClient(api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


def _parts(request: httpx.Request) -> list[tuple[Any, Any, Any, bytes]]:
    out: list[tuple[Any, Any, Any, bytes]] = []
    for part in multipart_messages(request):
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        name = part.get_param("name", header="content-disposition")
        out.append((name, part.get_filename(), part.get_content_type(), payload))
    return out


def test_transform_sends_one_named_part_per_file_and_keeps_unknown_fields() -> None:
    rec = Recorder(lambda r: envelope(RESULT))
    with client(rec) as ai:
        converted = ai.to_markdown.transform({"a.html": b"<h1>A</h1>", "b.bin": b"\x00"})
    assert [(r.method, r.url.path) for r in rec.requests] == [("POST", PATH)]
    assert _parts(rec.requests[0]) == [
        ("files", "a.html", "text/html", b"<h1>A</h1>"),
        ("files", "b.bin", "application/octet-stream", b"\x00"),
    ]
    assert all(isinstance(c, ToMarkdownTransformResultItem) for c in converted)
    assert [c.format for c in converted] == ["markdown", "error"]
    assert converted[0].tokens == 7 and converted[0].extra == {"new": 1}


async def test_async_transform_takes_pairs_and_supported_lists_formats() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/supported"):
            return envelope([{"extension": ".pdf", "mimeType": "application/pdf"}])
        return envelope(RESULT[:1])

    rec = Recorder(respond)
    async with AsyncAIClient(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as ai:
        formats = await ai.to_markdown.supported().to_list()
        await ai.to_markdown.transform([("doc.pdf", b"%PDF"), ("doc.pdf", b"%PDF-again")])
    assert [(f.extension, f.mime_type) for f in formats] == [(".pdf", "application/pdf")]
    assert [p[:3] for p in _parts(rec.requests[1])] == [("files", "doc.pdf", "application/pdf")] * 2


BAD_INPUT: list[tuple[Callable[[AIClient], object], type[Exception], str]] = [
    (lambda ai: ai.to_markdown.transform({}), InvalidInputError, "at least one file"),
    (lambda ai: ai.to_markdown.transform([]), InvalidInputError, "at least one file"),
    (lambda ai: ai.to_markdown.transform(b"raw"), InvalidInputTypeError, "not be one value"),  # pyright: ignore[reportArgumentType]
    (
        lambda ai: ai.to_markdown.transform({"a.txt": "text"}),  # pyright: ignore[reportArgumentType]
        InvalidInputTypeError,
        "must be bytes",
    ),
    (lambda ai: ai.to_markdown.transform({"": b"x"}), InvalidInputError, "file name"),
    (lambda ai: ai.to_markdown.transform([("a.txt",)]), InvalidInputTypeError, "pair"),  # pyright: ignore[reportArgumentType]
    (
        lambda ai: ai.to_markdown.transform({1: b"x"}),  # pyright: ignore[reportArgumentType]
        InvalidInputTypeError,
        "file name must be a str",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUT)
def test_bad_input_is_rejected_before_any_request(
    call: Callable[[AIClient], object], error: type[Exception], match: str
) -> None:
    rec = Recorder(lambda r: envelope(RESULT))
    with client(rec) as ai, pytest.raises(error, match=match):
        call(ai)
    assert rec.requests == []
