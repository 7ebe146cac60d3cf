"""R2 objects over the REST API, over httpx.MockTransport: key encoding, streamed bodies, limits."""

from __future__ import annotations

import datetime
import io
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cloudflarefs.r2.management._objects as objects_module
from cloudflarefs.core.errors import (
    APIStatusError,
    InvalidInputError,
    InvalidInputTypeError,
    NotFoundError,
    ResponseTooLargeError,
    ServerError,
)
from cloudflarefs.core.retry import RetryPolicy
from cloudflarefs.r2.management import ObjectDeleted, ObjectInfo, ObjectUploaded, R2Client
from cloudflarefs.r2.management._objects import object_path
from cloudflarefs.r2.management.aio import R2Client as AsyncR2Client
from cloudflarefs.testing.http import Handler, MockClients, Recorder, envelope, failure, never

MakeSync = Callable[[Handler], tuple[R2Client, Recorder]]
MakeAsync = Callable[[Handler], tuple[AsyncR2Client, Recorder]]

PREFIX = "/client/v4/accounts/acc/r2/buckets/media/objects/"
UPLOADED = {"key": "k", "size": 5, "etag": "e", "storage_class": "Standard", "future": 1}
NO_RETRY_DELAY = RetryPolicy(max_retries=2, backoff_initial=0, backoff_max=0, jitter=0)


@pytest.fixture
def sync_client(mock_clients: MockClients) -> MakeSync:
    return mock_clients.factory(R2Client)


@pytest.fixture
def async_client(mock_clients: MockClients) -> MakeAsync:
    return mock_clients.factory(AsyncR2Client)


def raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.decode("ascii").split("?", 1)[0]


# --- keys in the path ---------------------------------------------------------------------


def test_slashes_stay_literal_and_other_reserved_characters_are_encoded(
    sync_client: MakeSync,
) -> None:
    r2, rec = sync_client(lambda _: envelope({"key": "x"}))
    r2.objects.delete("media", "photos/2024/a b?#%&+.jpg")
    assert raw_path(rec.requests[0]) == PREFIX + "photos/2024/a%20b%3F%23%25%26%2B.jpg"


@pytest.mark.parametrize("key", ["dir//file", "/leading", "trailing/", "/"])
def test_empty_segments_are_sent_as_they_are(sync_client: MakeSync, key: str) -> None:
    r2, rec = sync_client(lambda _: envelope({"key": key}))
    r2.objects.delete("media", key)
    assert raw_path(rec.requests[0]) == PREFIX + key


KEY_CHARS = st.characters(blacklist_categories=["Cs"])  # no lone surrogates: not valid text


def valid_keys() -> st.SearchStrategy[str]:
    segment = st.text(KEY_CHARS, max_size=12).filter(
        lambda s: unquote(unquote(s)) not in {".", ".."}
    )
    return (
        st.lists(segment, min_size=1, max_size=6)
        .map("/".join)
        .filter(lambda k: k != "" and len(k.encode()) <= 1024)
    )


@given(valid_keys())
def test_every_valid_key_round_trips_segment_by_segment(key: str) -> None:
    path = object_path("acc", "media", key)
    encoded = path.removeprefix("/accounts/acc/r2/buckets/media/objects/")
    assert "%2F" not in encoded.upper() and "?" not in encoded and "#" not in encoded
    assert encoded.count("/") == key.count("/")
    assert [unquote(s) for s in encoded.split("/")] == key.split("/")


@given(valid_keys())
def test_what_the_server_receives_decodes_back_to_the_key(key: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(raw_path(request))
        return envelope({"key": key})

    with R2Client(api_token="t", account_id="acc", transport=httpx.MockTransport(handler)) as r2:
        r2.objects.delete("media", key)
    encoded = seen[0].removeprefix(PREFIX)
    assert [unquote(s) for s in encoded.split("/")] == key.split("/")


@pytest.mark.parametrize(
    "key", ["", ".", "..", "a/../b", "./a", "a/.", "x" * 1025, "é" * 513, "bad\ud800"]
)
def test_keys_the_rest_api_cannot_address_are_refused_before_sending(
    sync_client: MakeSync, key: str
) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError):
        r2.objects.get("media", key)
    with pytest.raises(InvalidInputError):
        r2.objects.upload("media", key, b"x")
    with pytest.raises(InvalidInputError):
        r2.objects.delete("media", key)
    assert rec.requests == []


@pytest.mark.parametrize("segment", ["%2e", "%2E%2e", "%252e", "%25252E%2e", ".%2e"])
def test_segments_that_percent_decode_to_dots_are_refused(segment: str) -> None:
    with pytest.raises(InvalidInputError, match="percent-decodes"):
        object_path("acc", "media", f"a/{segment}/b")


def test_a_key_that_is_not_a_string_is_a_type_error(sync_client: MakeSync) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputTypeError):
        r2.objects.delete("media", 42)  # type: ignore[arg-type]
    assert rec.requests == []


# --- get and stream -----------------------------------------------------------------------


def test_get_sends_conditions_and_jurisdiction(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: httpx.Response(200, content=b"body"))
    when = datetime.datetime(2024, 1, 15, 10, 30, tzinfo=datetime.UTC)
    body = r2.objects.get(
        "media", "a/b.txt", if_none_match='"etag"', if_modified_since=when, jurisdiction="eu"
    )
    request = rec.requests[0]
    assert body == b"body"
    assert raw_path(request) == PREFIX + "a/b.txt"
    assert request.headers["if-modified-since"] == "Mon, 15 Jan 2024 10:30:00 GMT"
    assert request.headers["if-none-match"] == '"etag"'
    assert request.headers["cf-r2-jurisdiction"] == "eu"


def test_not_modified_raises_a_304_status_error(sync_client: MakeSync) -> None:
    r2, _ = sync_client(lambda _: httpx.Response(304))
    with pytest.raises(APIStatusError) as info:
        r2.objects.get("media", "k", if_none_match='"etag"')
    assert info.value.status_code == 304


def test_a_naive_if_modified_since_is_refused(sync_client: MakeSync) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError, match="timezone"):
        r2.objects.get("media", "k", if_modified_since=datetime.datetime(2024, 1, 1))
    assert rec.requests == []


def test_get_buffers_up_to_max_response_size_and_stream_does_not(
    mock_clients: MockClients,
) -> None:
    big = b"x" * 4096
    r2, _ = mock_clients.make(
        R2Client, lambda _: httpx.Response(200, content=big), max_response_size=1024
    )
    with pytest.raises(ResponseTooLargeError):
        r2.objects.get("media", "big.bin")
    with r2.objects.stream("media", "big.bin") as response:
        streamed = b"".join(response.iter_bytes())
    assert streamed == big


def test_stream_raises_the_status_error_on_entering(sync_client: MakeSync) -> None:
    r2, _ = sync_client(lambda _: failure(404, 10007, "The specified key does not exist."))
    with pytest.raises(NotFoundError), r2.objects.stream("media", "missing"):
        pass


async def test_async_stream_yields_the_body(async_client: MakeAsync) -> None:
    r2, rec = async_client(lambda _: httpx.Response(200, content=b"0123456789"))
    async with r2.objects.stream("media", "dir/file.bin", jurisdiction="fedramp") as response:
        chunks = [chunk async for chunk in response.aiter_bytes()]
    assert b"".join(chunks) == b"0123456789"
    assert raw_path(rec.requests[0]) == PREFIX + "dir/file.bin"
    assert rec.requests[0].headers["cf-r2-jurisdiction"] == "fedramp"


# --- upload -------------------------------------------------------------------------------


def test_bytes_are_sent_whole_with_a_length(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(UPLOADED))
    result = r2.objects.upload("media", "a/b.bin", b"hello", storage_class="InfrequentAccess")
    request = rec.requests[0]
    assert isinstance(result, ObjectUploaded) and result.extra == {"future": 1}
    assert request.method == "PUT" and raw_path(request) == PREFIX + "a/b.bin"
    assert request.content == b"hello"
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.headers["content-length"] == "5"
    assert request.headers["cf-r2-storage-class"] == "InfrequentAccess"
    assert "cf-r2-jurisdiction" not in request.headers


def test_text_is_utf8_with_a_text_content_type(sync_client: MakeSync) -> None:
    r2, rec = sync_client(lambda _: envelope(UPLOADED))
    r2.objects.upload("media", "note.txt", "héllo")
    assert rec.requests[0].content == "héllo".encode()
    assert rec.requests[0].headers["content-type"] == "text/plain; charset=utf-8"


def test_a_binary_file_is_streamed_with_its_remaining_length(
    sync_client: MakeSync, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 1000  # several chunks
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    r2, rec = sync_client(lambda _: envelope(UPLOADED))
    with path.open("rb") as file:
        file.seek(10)
        r2.objects.upload("media", "data.bin", file, content_type="application/x-test")
    request = rec.requests[0]
    assert request.content == data[10:]
    assert request.headers["content-length"] == str(len(data) - 10)
    assert request.headers["content-type"] == "application/x-test"


def test_an_iterator_is_streamed_chunked(sync_client: MakeSync) -> None:
    consumed: list[bytes] = []

    def chunks() -> Iterator[bytes]:
        for piece in (b"ab", bytearray(b"cd"), b"ef"):
            consumed.append(bytes(piece))
            yield piece  # type: ignore[misc]

    r2, rec = sync_client(lambda _: envelope(UPLOADED))
    r2.objects.upload("media", "k", chunks())
    assert rec.requests[0].content == b"abcdef" == b"".join(consumed)
    assert rec.requests[0].headers["transfer-encoding"] == "chunked"
    assert "content-length" not in rec.requests[0].headers


def test_a_streamed_body_is_sent_once_even_when_the_api_fails(mock_clients: MockClients) -> None:
    r2, rec = mock_clients.make(
        R2Client, lambda _: failure(503, 10001, "busy"), retry=NO_RETRY_DELAY
    )
    with pytest.raises(ServerError):
        r2.objects.upload("media", "k", iter([b"one", b"shot"]))
    assert len(rec.requests) == 1
    with pytest.raises(ServerError):
        r2.objects.upload("media", "k", b"replayable")
    assert len(rec.requests) == 1 + 3  # bytes: retried like any PUT


@pytest.mark.parametrize("body", [None, 42, 1.5, {"a": b"b"}, object()])
def test_things_that_are_not_bodies_are_refused_before_sending(
    sync_client: MakeSync, body: object
) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputTypeError, match="upload body"):
        r2.objects.upload("media", "k", body)  # type: ignore[arg-type]
    assert rec.requests == []


def test_a_text_mode_file_fails_naming_binary_mode(sync_client: MakeSync) -> None:
    r2, _ = sync_client(lambda _: envelope(UPLOADED))
    with pytest.raises(InvalidInputTypeError, match="binary mode"):
        r2.objects.upload("media", "k", io.StringIO("text"))  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize("content_type", ["", "  ", "text/plain\nX-Evil: 1"])
def test_a_blank_or_multiline_content_type_is_refused(
    sync_client: MakeSync, content_type: str
) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError, match="content_type"):
        r2.objects.upload("media", "k", b"x", content_type=content_type)
    assert rec.requests == []


def test_uploads_over_the_limit_are_refused(
    sync_client: MakeSync, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(objects_module, "MAX_UPLOAD_BYTES", 8)
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError, match="8"):
        r2.objects.upload("media", "k", b"123456789")
    assert rec.requests == []
    with pytest.raises(InvalidInputError, match="multipart"):
        r2.objects.upload("media", "k", iter([b"12345", b"6789"]))


async def test_async_upload_of_an_async_iterable(async_client: MakeAsync) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"hello, "
        yield b"r2"

    r2, rec = async_client(lambda _: envelope(UPLOADED))
    result = await r2.objects.upload("media", "greet/ing.txt", chunks(), jurisdiction="eu")
    assert isinstance(result, ObjectUploaded)
    assert rec.requests[0].content == b"hello, r2"
    assert raw_path(rec.requests[0]) == PREFIX + "greet/ing.txt"
    assert rec.requests[0].headers["cf-r2-jurisdiction"] == "eu"


async def test_async_upload_of_a_file_and_a_sync_iterable(
    async_client: MakeAsync, tmp_path: Path
) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"file-bytes" * 10000)
    r2, rec = async_client(lambda _: envelope(UPLOADED))
    with path.open("rb") as file:
        await r2.objects.upload("media", "f.bin", file)
    await r2.objects.upload("media", "g.bin", [b"a", b"b"])
    assert rec.requests[0].content == path.read_bytes()
    assert rec.requests[0].headers["content-length"] == str(path.stat().st_size)
    assert rec.requests[1].content == b"ab"


async def test_async_bad_chunks_fail_with_a_type_error(async_client: MakeAsync) -> None:
    async def chunks() -> AsyncIterator[object]:
        yield b"ok"
        yield "text"

    r2, _ = async_client(lambda _: envelope(UPLOADED))
    with pytest.raises(InvalidInputTypeError, match="chunks must be bytes"):
        await r2.objects.upload("media", "k", chunks())  # type: ignore[arg-type]


# --- list and delete ------------------------------------------------------------------------


def test_list_follows_the_cursor_and_keeps_unknown_fields(sync_client: MakeSync) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor") is None:
            page = [{"key": "a/1", "size": 1, "http_metadata": {"contentType": "text/plain"}}]
            return envelope(page, result_info={"cursor": "c1", "is_truncated": True})
        return envelope([{"key": "a/2", "size": 2, "new_field": "kept"}], result_info={})

    r2, rec = sync_client(handler)
    items = r2.objects.list("media", prefix="a/", delimiter="/", per_page=1).to_list()
    assert all(isinstance(i, ObjectInfo) for i in items)
    assert [i.key for i in items] == ["a/1", "a/2"]
    assert items[0].http_metadata is not None
    assert items[0].http_metadata.content_type == "text/plain"
    assert items[1].extra == {"new_field": "kept"}
    params = rec.requests[0].url.params
    assert (params["prefix"], params["delimiter"], params["per_page"]) == ("a/", "/", "1")
    assert rec.requests[1].url.params["cursor"] == "c1"


@pytest.mark.parametrize("per_page", [0, 1001])
def test_list_page_size_is_checked(sync_client: MakeSync, per_page: int) -> None:
    r2, rec = sync_client(never)
    with pytest.raises(InvalidInputError, match="per_page"):
        r2.objects.list("media", per_page=per_page)
    assert rec.requests == []


async def test_async_delete(async_client: MakeAsync) -> None:
    r2, rec = async_client(lambda _: envelope({"key": "a/b"}))
    deleted = await r2.objects.delete("media", "a/b")
    assert isinstance(deleted, ObjectDeleted) and deleted.key == "a/b"
    assert rec.requests[0].method == "DELETE" and raw_path(rec.requests[0]) == PREFIX + "a/b"


@given(st.lists(st.binary(max_size=300), max_size=12), st.booleans())
def test_any_chunking_arrives_as_the_concatenation(chunks: list[bytes], as_file: bool) -> None:
    received: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request.read())
        return envelope(UPLOADED)

    whole = b"".join(chunks)
    body = io.BytesIO(whole) if as_file else iter(chunks)
    with R2Client(api_token="t", account_id="acc", transport=httpx.MockTransport(handler)) as r2:
        r2.objects.upload("media", "k", body)
    assert received == [whole]
