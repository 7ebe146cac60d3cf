"""Queues limits and the validation that enforces them before any JS call."""

from __future__ import annotations

import json
from typing import Any, Final, Literal, TypeAlias, get_args

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.js import check_json, json_to_js, to_js

ContentType: TypeAlias = Literal["json", "text", "bytes", "v8"]
"""How a message body is serialized: JSON, UTF-8 text, raw bytes, or V8 structured clone."""

CONTENT_TYPES: Final[tuple[str, ...]] = get_args(ContentType)
MAX_DELAY_SECONDS: Final = 43_200
"""Longest send or retry delay Queues accepts (12 hours)."""
MAX_MESSAGE_BYTES: Final = 128_000
"""Largest message body (128 KB)."""
MAX_BATCH_MESSAGES: Final = 100
"""Most messages in one ``send_batch``."""
MAX_BATCH_BYTES: Final = 256_000
"""Largest total body size of one ``send_batch`` (256 KB)."""


def check_delay(delay_seconds: object, what: str = "delay_seconds") -> int | None:
    """``None`` or an int in 0..43200, else InvalidInputError."""
    if delay_seconds is None:
        return None
    if isinstance(delay_seconds, bool) or not isinstance(delay_seconds, int):
        raise InvalidInputTypeError(f"{what} must be an int, got {type(delay_seconds).__name__}")
    if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
        raise InvalidInputError(
            f"{what} must be between 0 and {MAX_DELAY_SECONDS} (12 hours), got {delay_seconds}"
        )
    return delay_seconds


def infer_content_type(body: object) -> ContentType:
    """The default content type for ``body``: bytes-likes → bytes, str → text, else json."""
    if isinstance(body, bytes | bytearray | memoryview):
        return "bytes"
    if isinstance(body, str):
        return "text"
    return "json"


def _nbytes(body: bytes | bytearray | memoryview[Any]) -> int:
    return memoryview(body).nbytes


def body_size(body: object, content_type: ContentType, where: str) -> int | None:
    """Validate ``body`` for ``content_type`` and return its size in bytes.

    ``None`` means the size cannot be known in Python (a V8 body that is not JSON-shaped);
    the runtime still enforces the limit for those.
    """
    if content_type not in CONTENT_TYPES:
        raise InvalidInputError(
            f"{where}: content_type must be one of {', '.join(CONTENT_TYPES)}, got {content_type!r}"
        )
    if content_type == "text":
        if not isinstance(body, str):
            raise InvalidInputTypeError(
                f"{where}: a text body must be str, got {type(body).__name__}"
            )
        if "\x00" in body:
            # The platform delivers a text body cut at its first NUL; json, v8 and bytes keep it.
            raise InvalidInputError(
                f"{where}: a text body cannot contain NUL ('\\x00'): Queues would deliver only "
                "the text before it; send it with content_type='json' or 'v8', or as bytes"
            )
        return len(body.encode())
    if content_type == "bytes":
        if not isinstance(body, bytes | bytearray | memoryview):
            raise InvalidInputTypeError(
                f"{where}: a bytes body must be bytes-like, got {type(body).__name__}"
            )
        return _nbytes(body)  # pyright: ignore[reportUnknownArgumentType]
    if content_type == "json":
        return len(check_json(body, f"{where}: body").encode())
    # v8: structured clone; measure what we can.
    if isinstance(body, bytes | bytearray | memoryview | str):
        return len(body.encode()) if isinstance(body, str) else _nbytes(body)  # pyright: ignore[reportUnknownArgumentType]
    try:
        return len(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return None


def check_message_size(size: int | None, where: str) -> None:
    """Reject a body over :data:`MAX_MESSAGE_BYTES`."""
    if size is not None and size > MAX_MESSAGE_BYTES:
        raise InvalidInputError(
            f"{where}: body is {size} bytes, over the {MAX_MESSAGE_BYTES}-byte message limit"
        )


def body_to_js(body: object, content_type: ContentType) -> Any:
    """``body`` (already checked by :func:`body_size`) as the JS value ``send`` takes.

    ``None`` is JS ``null`` at every depth for ``json`` and ``v8`` bodies, so ``{"a": None}``
    arrives as ``{"a": None}`` (``undefined`` would drop the key, and fail at the top level).
    """
    if content_type == "json":
        return json_to_js(body)
    return to_js(body, none_as="null")
