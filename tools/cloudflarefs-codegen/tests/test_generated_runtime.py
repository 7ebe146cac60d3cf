"""The generated layer against real httpx (MockTransport): builders, parsers, pagers, errors.

The adapter below is the least an HTTP layer must do for the generated clients' protocols; the
real one is ``cloudflarefs.core.http``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable, Generator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError, NotFoundError
from cloudflarefs.core.wire import ApiRequest, ApiResponse
from cloudflarefs.kv.management._generated import aio as kv_aio
from cloudflarefs.kv.management._generated import client as kv_client
from cloudflarefs.kv.management._generated.models import Namespace

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
Handler = Callable[[httpx.Request], httpx.Response]


def _httpx_request(client: httpx.Client | httpx.AsyncClient, request: ApiRequest) -> httpx.Request:
    files = None
    if request.multipart is not None:
        files = [(p.name, (p.filename, p.content, p.content_type)) for p in request.multipart]
    return client.build_request(
        request.method,
        request.path,
        params={k: v for k, v in request.params.items()},  # type: ignore[misc]
        headers=dict(request.headers),
        json=request.json,
        content=request.content,
        files=files,
    )


class FakeHttp:
    """Sync adapter over httpx with MockTransport."""

    def __init__(self, handler: Handler, account_id: str | None = ACCOUNT) -> None:
        self._client = httpx.Client(
            base_url="https://api.test/client/v4", transport=httpx.MockTransport(handler)
        )
        self._account_id = account_id

    def send(self, request: ApiRequest) -> ApiResponse:
        response = self._client.send(_httpx_request(self._client, request))
        return ApiResponse(
            response.status_code, response.headers, response.content, request.method, request.path
        )

    @contextmanager
    def stream(self, request: ApiRequest) -> Generator[httpx.Response, None, None]:
        response = self._client.send(_httpx_request(self._client, request), stream=True)
        try:
            yield response
        finally:
            response.close()

    def resolve_account_id(self, account_id: str | None) -> str:
        if account_id or self._account_id:
            return account_id or self._account_id or ""
        raise InvalidInputError("account_id is required")


class AsyncFakeHttp:
    """Async adapter over httpx with MockTransport."""

    def __init__(self, handler: Handler) -> None:
        self._client = httpx.AsyncClient(
            base_url="https://api.test/client/v4", transport=httpx.MockTransport(handler)
        )

    async def send(self, request: ApiRequest) -> ApiResponse:
        response = await self._client.send(_httpx_request(self._client, request))
        return ApiResponse(
            response.status_code, response.headers, response.content, request.method, request.path
        )

    @asynccontextmanager
    async def stream(self, request: ApiRequest) -> AsyncGenerator[httpx.Response, None]:
        response = await self._client.send(_httpx_request(self._client, request), stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    def resolve_account_id(self, account_id: str | None) -> str:
        return account_id or ACCOUNT


def _envelope(result: Any, **info: Any) -> httpx.Response:
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if info:
        body["result_info"] = info
    return httpx.Response(200, json=body)


def _namespaces_handler(seen: list[httpx.Request]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params["page"])
        items = [
            {"id": f"ns{page}{i}", "title": f"t{page}{i}", "beta": True}
            for i in range(2 if page == 1 else 1)
        ]
        return _envelope(items, page=page, per_page=2, count=len(items), total_count=3)

    return handler


def test_page_pager_walks_pages_and_keeps_unknown_fields() -> None:
    seen: list[httpx.Request] = []
    kv = kv_client.GeneratedKV(FakeHttp(_namespaces_handler(seen)))
    items = kv.namespaces.list(per_page=2, direction="asc").to_list()  # type: ignore[arg-type]
    assert [n.id for n in items] == ["ns10", "ns11", "ns20"]
    assert all(isinstance(n, Namespace) for n in items)
    assert items[0].extra == {"beta": True}
    assert [r.url.params["page"] for r in seen] == ["1", "2"]
    assert seen[0].url.path == f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces"
    assert seen[0].url.params["per_page"] == "2" and seen[0].url.params["direction"] == "asc"


def test_cursor_pager_follows_result_info_cursor() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor", "")
        seen.append(cursor)
        if not cursor:
            return _envelope(
                [{"name": "a"}, {"name": "b", "expiration": 1700000000}], count=2, cursor="c1"
            )
        return _envelope([{"name": "c"}], count=1, cursor="")

    kv = kv_client.GeneratedKV(FakeHttp(handler))
    keys = list(kv.keys.list("ns", prefix="p"))
    assert [k.name for k in keys] == ["a", "b", "c"]
    assert keys[1].expiration == 1700000000
    assert seen == ["", "c1"]


def test_value_get_returns_bytes_and_update_sends_multipart_with_expiry() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.method == "GET":
            return httpx.Response(200, content=b"\x00\xffraw")
        return _envelope(None)

    kv = kv_client.GeneratedKV(FakeHttp(handler))
    assert kv.values.get("ns", "a/b c") == b"\x00\xffraw"
    assert calls[0].url.raw_path.decode().endswith("/values/a%2Fb%20c")
    assert (
        kv.values._put(  # pyright: ignore[reportPrivateUsage]
            "ns", "k", value=b"\x01\x02", metadata=json.dumps({"m": 1}), expiration_ttl=120
        )
        is None
    )
    put = calls[1]
    assert put.url.params["expiration_ttl"] == "120"
    body = put.read()
    assert put.headers["content-type"].startswith("multipart/form-data")
    assert b'name="value"' in body and b"\x01\x02" in body and b'{"m": 1}' in body


def test_error_envelope_raises_typed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            404,
            json={
                "success": False,
                "errors": [{"code": 10013, "message": "nope"}],
                "messages": [],
                "result": None,
            },
        )

    kv = kv_client.GeneratedKV(FakeHttp(handler))
    with pytest.raises(NotFoundError) as info:
        kv.namespaces.get("missing")
    assert info.value.errors[0].code == 10013


def test_bad_input_raises_before_any_request() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return _envelope(None)

    kv = kv_client.GeneratedKV(FakeHttp(handler, account_id=None))
    with pytest.raises(InvalidInputError):
        kv.values.get("", "k", account_id=ACCOUNT)
    with pytest.raises(InvalidInputError):
        kv.namespaces.get("ns")  # no account id anywhere
    assert calls == []


def _kv_api(seen: list[httpx.Request]) -> Handler:
    """A small KV API: paged namespaces, cursor-paged keys, values, writes."""
    namespaces = _namespaces_handler([])

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/namespaces") and request.method == "GET":
            return namespaces(request)
        if path.endswith("/namespaces"):
            return _envelope({"id": "new", "title": json.loads(request.content)["title"]})
        if path.endswith("/keys"):
            cursor = request.url.params.get("cursor")
            if cursor is None:
                return _envelope([{"name": "a"}], cursor="c1", count=1)
            return _envelope([{"name": "b", "expiration": 1}], cursor="", count=1)
        if "/values/" in path and request.method == "GET":
            return httpx.Response(200, content=b"v:" + path.rsplit("/", 1)[1].encode())
        if "/values/" in path:
            return _envelope(None)
        return httpx.Response(
            404, json={"success": False, "errors": [{"code": 10009, "message": "nope"}]}
        )

    return handler


def _wire(request: httpx.Request) -> tuple[Any, ...]:
    body = request.read()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        # The boundary is random: compare the parts with it blanked.
        boundary = content_type.split("boundary=")[1].encode()
        body = body.replace(boundary, b"*")
        content_type = "multipart/form-data"
    headers = sorted(
        (k, v) for k, v in request.headers.items() if k not in {"content-type", "content-length"}
    )
    return request.method, str(request.url), headers, content_type, body


def _sync_calls(kv: kv_client.GeneratedKV) -> list[Any]:
    out: list[Any] = [
        kv.namespaces.list(per_page=2).to_list(),
        kv.keys.list("ns", limit=10).to_list(),
        kv.values.get("ns", "k"),
        kv.namespaces.create("t"),
        kv.values._put("ns", "k", value=b"payload", metadata='{"m":1}', expiration_ttl=60),  # pyright: ignore[reportPrivateUsage]
    ]
    try:
        kv.metadata.get("ns", "missing")
    except NotFoundError as exc:
        out.append((type(exc).__name__, exc.status_code, [e.code for e in exc.errors]))
    return out


async def _async_calls(kv: kv_aio.AsyncGeneratedKV) -> list[Any]:
    out: list[Any] = [
        await kv.namespaces.list(per_page=2).to_list(),
        await kv.keys.list("ns", limit=10).to_list(),
        await kv.values.get("ns", "k"),
        await kv.namespaces.create("t"),
        await kv.values._put("ns", "k", value=b"payload", metadata='{"m":1}', expiration_ttl=60),  # pyright: ignore[reportPrivateUsage]
    ]
    try:
        await kv.metadata.get("ns", "missing")
    except NotFoundError as exc:
        out.append((type(exc).__name__, exc.status_code, [e.code for e in exc.errors]))
    return out


async def test_async_client_matches_sync() -> None:
    """The same calls through the sync and the async generated client send the same requests
    (method, URL, headers, body) and return equal results, including pagination and errors."""
    sync_seen: list[httpx.Request] = []
    async_seen: list[httpx.Request] = []
    sync_results = _sync_calls(kv_client.GeneratedKV(FakeHttp(_kv_api(sync_seen))))
    async_results = await _async_calls(kv_aio.AsyncGeneratedKV(AsyncFakeHttp(_kv_api(async_seen))))
    assert len(sync_seen) == 8  # 2 namespace pages, 2 key pages, get, create, update, metadata
    assert [_wire(r) for r in async_seen] == [_wire(r) for r in sync_seen]
    assert async_results == sync_results
    assert sync_results[2] == b"v:k" and sync_results[-1][0] == "NotFoundError"
    assert [k.name for k in sync_results[1]] == ["a", "b"] and sync_results[3].id == "new"


def test_tagged_union_dispatches_and_keeps_unknown_variants() -> None:
    from cloudflarefs.workers_for_platforms.management._generated import client as wfp
    from cloudflarefs.workers_for_platforms.management._generated.models import KvNamespaceBinding

    def handler(request: httpx.Request) -> httpx.Response:
        return _envelope(
            [
                {"name": "KV", "namespace_id": "n", "type": "kv_namespace"},
                {"name": "NEW", "type": "hyperdrive", "id": "h"},
            ]
        )

    bindings = wfp.GeneratedWorkersForPlatforms(FakeHttp(handler)).bindings.get(
        "dispatch", "script"
    )
    assert isinstance(bindings[0], KvNamespaceBinding)
    assert bindings[1] == {"name": "NEW", "type": "hyperdrive", "id": "h"}


def test_ai_stream_variant_requests_event_stream() -> None:
    from cloudflarefs.ai.management._generated import client as ai
    from cloudflarefs.ai.management._generated import operations as ai_ops

    request = ai_ops.build_run_cf_meta_llama_3_8b_instruct_stream(account_id=ACCOUNT)
    assert request.response_kind == "stream" and request.headers["Accept"] == "text/event-stream"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=b'data: {"response":"hi"}\n\ndata: [DONE]\n\n',
            headers={"content-type": "text/event-stream"},
        )

    client = ai.GeneratedAI(FakeHttp(handler))
    with client.run.cf_meta_llama_3_8b_instruct_stream(body=None) as stream:
        lines = [line for line in stream.iter_lines() if line]
    assert lines == ['data: {"response":"hi"}', "data: [DONE]"]
