"""Messages sent over HTTP (push and bulk push): bodies checked and encoded before any request.

A body is sent as ``text`` (a ``str``), ``json`` (any JSON value) or ``bytes`` (base64 on the
wire), as the Queues HTTP publishing docs describe. Without an explicit ``content_type`` the
Python type decides: ``str`` -> text, ``bytes``-like -> bytes, anything else -> json.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any, Literal, cast

import attrs

from cloudflarefs.core.converter import structure
from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import check_int_range
from cloudflarefs.queues.management._generated.models import (
    MessagesBulkPushBody,
    MessageToSendInput,
    MessageToSendInputContentType,
    QueueMessage,
    converter,
)

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_MESSAGES",
    "MAX_DELAY_SECONDS",
    "MAX_MESSAGE_BYTES",
    "ContentType",
    "OutgoingMessage",
    "bulk_push_body",
    "message_input",
    "pulled_messages",
    "purge_refs",
]

ContentType = Literal["text", "json", "bytes"]
MAX_MESSAGE_BYTES = 128 * 1024
"""A message is at most 128 KB (Queues limits)."""
MAX_BATCH_MESSAGES = 100
"""A batch holds at most 100 messages (Queues limits)."""
MAX_BATCH_BYTES = 256 * 1024
"""A batch is at most 256 KB in total (Queues limits)."""
MAX_DELAY_SECONDS = 43_200
"""Delivery can be delayed by at most 12 hours."""

_BYTES_TYPES = (bytes, bytearray, memoryview)


@attrs.frozen(kw_only=True)
class OutgoingMessage:
    """One message of :meth:`~cloudflarefs.queues.management.QueuesMessages.bulk_push`.

    ``content_type=None`` infers it from ``body`` (``str`` -> text, bytes -> bytes, else json).
    """

    body: Any
    content_type: ContentType | None = None
    delay_seconds: int | None = None


def _infer(body: object) -> ContentType:
    if isinstance(body, str):
        return "text"
    if isinstance(body, _BYTES_TYPES):
        return "bytes"
    return "json"


def _encode(body: object, content_type: str) -> tuple[Any, int]:
    """The wire body and its size in bytes, or a typed error naming what is wrong."""
    if content_type == "text":
        if not isinstance(body, str):
            raise InvalidInputTypeError(
                f"a text message body must be a str, got {type(body).__name__}"
            )
        return body, len(body.encode("utf-8"))
    if content_type == "bytes":
        if not isinstance(body, _BYTES_TYPES):
            raise InvalidInputTypeError(
                f"a bytes message body must be bytes, bytearray or memoryview, got {type(body).__name__}"
            )
        raw = bytes(body)  # pyright: ignore[reportUnknownArgumentType]
        return base64.b64encode(raw).decode("ascii"), len(raw)
    if content_type == "json":
        try:
            text = json.dumps(body, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(
                f"a json message body must be JSON-serialisable: {exc}"
            ) from None
        return json.loads(text), len(text.encode("utf-8"))
    raise InvalidInputError(f"content_type must be 'text', 'json' or 'bytes', got {content_type!r}")


def _message(
    body: object, content_type: str | None, delay_seconds: int | None
) -> tuple[MessageToSendInput, int]:
    kind = _infer(body) if content_type is None else content_type
    wire, size = _encode(body, kind)
    if size > MAX_MESSAGE_BYTES:
        raise InvalidInputError(f"a message body is at most {MAX_MESSAGE_BYTES} bytes, got {size}")
    delay = check_int_range("delay_seconds", delay_seconds, minimum=0, maximum=MAX_DELAY_SECONDS)
    item = MessageToSendInput(
        body=wire,
        content_type=MessageToSendInputContentType(kind),
        delay_seconds=UNSET if delay is None else delay,
    )
    return item, size


def message_input(
    body: object, content_type: str | None, delay_seconds: int | None
) -> MessageToSendInput:
    """The wire form of one pushed message, checked (type, size, delay)."""
    return _message(body, content_type, delay_seconds)[0]


def bulk_push_body(
    messages: Iterable[OutgoingMessage | object], delay_seconds: int | None
) -> MessagesBulkPushBody:
    """The bulk push body: 1-100 messages, 256 KB in all; plain items are bodies."""
    if isinstance(messages, str | bytes | bytearray | memoryview):
        raise InvalidInputTypeError("messages must be an iterable of messages, not one body")
    items: list[MessageToSendInput] = []
    total = 0
    for message in messages:
        if isinstance(message, OutgoingMessage):
            item, size = _message(message.body, message.content_type, message.delay_seconds)
        else:
            item, size = _message(message, None, None)
        items.append(item)
        total += size
    if not 1 <= len(items) <= MAX_BATCH_MESSAGES:
        raise InvalidInputError(f"a batch holds 1-{MAX_BATCH_MESSAGES} messages, got {len(items)}")
    if total > MAX_BATCH_BYTES:
        raise InvalidInputError(f"a batch is at most {MAX_BATCH_BYTES} bytes, got {total}")
    delay = check_int_range("delay_seconds", delay_seconds, minimum=0, maximum=MAX_DELAY_SECONDS)
    return MessagesBulkPushBody(messages=items, delay_seconds=UNSET if delay is None else delay)


def purge_refs(refs: Iterable[str]) -> list[str]:
    """Peeked-message refs to purge: at least one, none empty."""
    if isinstance(refs, str):
        raise InvalidInputTypeError("refs must be an iterable of refs, not one string")
    out = list(refs)
    if not out:
        raise InvalidInputError("purge needs at least one ref (from peek)")
    for ref in out:
        if not isinstance(ref, str) or not ref:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"each ref must be a non-empty string, got {ref!r}")
    return out


def pulled_messages(result: Any) -> list[QueueMessage]:
    """The leased messages of a pull answer: a bare list (2024 API) or ``{messages: [...]}``."""
    if result is None:
        return []
    if isinstance(result, dict):
        result = cast(dict[str, Any], result).get("messages") or []
    if not isinstance(result, list):
        raise ResponseDecodeError("a pull answer is a list of messages or an object with messages")
    return structure(result, list[QueueMessage], converter=converter)
