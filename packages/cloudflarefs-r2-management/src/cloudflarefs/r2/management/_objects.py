"""Object keys in URL paths, and upload bodies: pure helpers of ``r2.objects`` (sync and async).

Cloudflare's REST API takes the object key as the rest of the path: slashes in a key are sent
literally (never ``%2F``) and every other reserved character is percent-encoded as usual
(the API documentation of ``/r2/buckets/{bucket_name}/objects/{object_key}`` says so). A key
segment ``.`` or ``..`` cannot travel that way (clients, proxies and servers would resolve it),
so such keys are refused before any request; use the S3 API or a Worker binding for them.
"""

from __future__ import annotations

import datetime
import email.utils
import io
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from typing import Protocol, TypeAlias, cast, runtime_checkable
from urllib.parse import quote, unquote

import attrs

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.wire import ApiRequest, RequestContent, build_path

__all__ = [
    "CHUNK_SIZE",
    "MAX_KEY_BYTES",
    "MAX_UPLOAD_BYTES",
    "AsyncUploadBody",
    "PreparedBody",
    "Readable",
    "UploadBody",
    "at_object_path",
    "http_date",
    "object_path",
    "prepare_async_body",
    "prepare_body",
]

MAX_KEY_BYTES = 1024
"""The longest R2 object key, in UTF-8 bytes."""
MAX_UPLOAD_BYTES = 300 * 1024 * 1024
"""The largest body the REST upload endpoint takes (300 MB; larger objects: S3 multipart)."""
CHUNK_SIZE = 64 * 1024
"""How much of a file-like body is read per chunk."""

_DOT_SEGMENTS = frozenset({".", ".."})


@runtime_checkable
class Readable(Protocol):
    """A binary file-like object: ``read(size)`` returns bytes, ``b""`` at the end."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes."""
        ...


UploadBody: TypeAlias = bytes | bytearray | memoryview | str | Readable | Iterable[bytes]
"""What the sync ``upload`` sends: bytes, text (UTF-8), a binary file, or an iterable of chunks."""
AsyncUploadBody: TypeAlias = UploadBody | AsyncIterable[bytes]
"""What the async ``upload`` sends: any :data:`UploadBody`, or an async iterable of chunks."""


def _is_dot_segment(segment: str) -> bool:
    # Decoded again and again, as layers that decode once more than they should would see it.
    while True:
        if segment in _DOT_SEGMENTS:
            return True
        decoded = unquote(segment)
        if decoded == segment:
            return False
        segment = decoded


def _encoded_key(key: str) -> str:
    if not isinstance(key, str):  # pyright: ignore[reportUnnecessaryIsInstance] - untyped callers
        raise InvalidInputTypeError(f"object key must be a str, got {type(key).__name__}")
    if not key:
        raise InvalidInputError("object key must be a non-empty string")
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidInputError("object key is not valid Unicode text (lone surrogate)") from None
    if size > MAX_KEY_BYTES:
        raise InvalidInputError(
            f"object key is {size} bytes in UTF-8; R2 keys are at most {MAX_KEY_BYTES}"
        )
    segments = key.split("/")
    if any(_is_dot_segment(s) for s in segments):
        raise InvalidInputError(
            f"object key {key!r} has a '.' or '..' segment (or one that percent-decodes to it), "
            "which the REST API cannot address: some layer would resolve it; use the S3 API or "
            "a Worker binding for such keys"
        )
    return "/".join(quote(s, safe="") for s in segments)


def object_path(account_id: str, bucket_name: str, key: str) -> str:
    """The request path of the object ``key``: slashes literal, everything else percent-encoded.

    Raises:
        InvalidInputError: an empty bucket name or key, a key over 1,024 UTF-8 bytes, with a
            ``.``/``..`` segment, or that is not valid Unicode.
    """
    encoded = _encoded_key(key)
    prefix = build_path(
        "/accounts/{account_id}/r2/buckets/{bucket_name}/objects",
        account_id=account_id,
        bucket_name=bucket_name,
    )
    return f"{prefix}/{encoded}"


def at_object_path(request: ApiRequest, account_id: str, bucket_name: str, key: str) -> ApiRequest:
    """``request`` (built by the generated builder) aimed at :func:`object_path` instead."""
    return attrs.evolve(request, path=object_path(account_id, bucket_name, key))


def http_date(value: datetime.datetime | str | None) -> str | None:
    """``If-Modified-Since`` text: an aware datetime as an HTTP-date, a string as given.

    Raises:
        InvalidInputError: a naive datetime (its time zone would be a guess) or a blank string.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError("if_modified_since must be timezone-aware (e.g. UTC)")
        return email.utils.format_datetime(value.astimezone(datetime.UTC), usegmt=True)
    if not value.strip():
        raise InvalidInputError("if_modified_since must not be blank")
    return value


@attrs.frozen
class PreparedBody:
    """An upload body ready for the wire: its content, ``Content-Type`` and length if known."""

    content: RequestContent
    content_type: str
    length: int | None

    @property
    def headers(self) -> dict[str, str]:
        """The body's headers (``Content-Length`` only when known up front)."""
        out = {"Content-Type": self.content_type}
        if self.length is not None and not isinstance(self.content, bytes):
            out["Content-Length"] = str(self.length)
        return out


def _chunk(chunk: object) -> bytes:
    if isinstance(chunk, (bytes, bytearray, memoryview)):
        return bytes(cast("bytes", chunk))
    raise InvalidInputTypeError(
        f"upload body chunks must be bytes, got {type(chunk).__name__}"
        + (" (open the file in binary mode)" if isinstance(chunk, str) else "")
    )


class _Limit:
    """Counts streamed bytes; over :data:`MAX_UPLOAD_BYTES` the upload stops with an error."""

    def __init__(self) -> None:
        self.total = 0

    def __call__(self, chunk: object) -> bytes:
        data = _chunk(chunk)
        self.total += len(data)
        if self.total > MAX_UPLOAD_BYTES:
            raise InvalidInputError(
                f"upload body exceeds {MAX_UPLOAD_BYTES} bytes, the REST API's limit; "
                "use the S3 API's multipart upload for larger objects"
            )
        return data


def _read_chunks(body: Readable) -> Iterator[bytes]:
    while chunk := body.read(CHUNK_SIZE):
        yield chunk


def _iter_chunks(body: Iterable[object]) -> Iterator[bytes]:
    limit = _Limit()
    for chunk in body:
        yield limit(chunk)


async def _async_chunks(body: AsyncIterable[object] | Iterable[object]) -> AsyncIterator[bytes]:
    limit = _Limit()
    if isinstance(body, AsyncIterable):
        async for chunk in body:
            yield limit(chunk)
    else:
        for chunk in body:
            yield limit(chunk)


def _remaining(body: Readable) -> int | None:
    """Bytes left in a seekable file (sent as ``Content-Length``), else None (sent chunked)."""
    if not isinstance(body, io.IOBase):
        return None
    try:
        if not body.seekable():
            return None
        here = body.tell()
        end = body.seek(0, io.SEEK_END)
        body.seek(here)
    except (OSError, ValueError):
        return None
    return end - here


def _whole(body: bytes | str, content_type: str | None) -> PreparedBody:
    if isinstance(body, str):
        data = body.encode("utf-8")
        default = "text/plain; charset=utf-8"
    else:
        data = bytes(body)
        default = "application/octet-stream"
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInputError(
            f"upload body is {len(data)} bytes; the REST API takes at most {MAX_UPLOAD_BYTES} "
            "(use the S3 API's multipart upload)"
        )
    return PreparedBody(data, content_type or default, len(data))


def _prepare(body: object, content_type: str | None, *, is_async: bool) -> PreparedBody:
    if content_type is not None and (not content_type.strip() or "\n" in content_type):
        raise InvalidInputError(f"content_type must be a media type, got {content_type!r}")
    if isinstance(body, (bytes, bytearray, memoryview, str)):
        return _whole(cast("bytes | str", body), content_type)
    ctype = content_type or "application/octet-stream"
    if isinstance(body, Readable):
        chunks = _read_chunks(body)
        content = _async_chunks(chunks) if is_async else _iter_chunks(chunks)
        return PreparedBody(content, ctype, _remaining(body))
    if is_async and isinstance(body, AsyncIterable):
        return PreparedBody(_async_chunks(cast("AsyncIterable[object]", body)), ctype, None)
    if isinstance(body, Iterable) and not isinstance(body, Mapping):
        items = cast("Iterable[object]", body)
        return PreparedBody(_async_chunks(items) if is_async else _iter_chunks(items), ctype, None)
    raise InvalidInputTypeError(
        "upload body must be bytes, str, a binary file or an iterable of bytes chunks"
        + (" (or an async iterable)" if is_async else "")
        + f", got {type(cast('object', body)).__name__}"
    )


def prepare_body(body: UploadBody, content_type: str | None = None) -> PreparedBody:
    """The sync client's upload body: bytes/str whole, files and iterables streamed.

    Raises:
        InvalidInputError: a body over 300 MB (streams: once they pass it), a blank media type.
        InvalidInputTypeError: something that is not a body (streamed chunks: when reached).
    """
    return _prepare(body, content_type, is_async=False)


def prepare_async_body(body: AsyncUploadBody, content_type: str | None = None) -> PreparedBody:
    """The async client's upload body: as :func:`prepare_body`, streamed as async chunks.

    A binary file is read in the event loop, :data:`CHUNK_SIZE` bytes at a time.
    """
    return _prepare(body, content_type, is_async=True)
