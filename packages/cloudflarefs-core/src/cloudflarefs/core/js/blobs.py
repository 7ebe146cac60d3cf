"""Bytes → JS ``Blob`` (what APIs such as Workers AI's ``toMarkdown`` take for file contents)."""

from __future__ import annotations

import importlib
from typing import Any

from cloudflarefs.core.js.convert import to_js
from cloudflarefs.core.js.errors import JsConversionError


def to_blob(data: bytes | bytearray | memoryview, *, mime_type: str = "") -> Any:
    """A JS ``Blob`` holding a *copy* of ``data``, with ``type`` set to ``mime_type``.

    Only bytes-like data is accepted (a ``str`` would silently become UTF-8 in JS; encode it
    yourself so the encoding is explicit).
    """
    if not isinstance(data, bytes | bytearray | memoryview):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise JsConversionError(f"Blob data must be bytes-like, got {type(data).__name__}")
    if not isinstance(mime_type, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise JsConversionError(f"mime_type must be str, got {type(mime_type).__name__}")
    options = to_js({"type": mime_type})
    blob_ctor: Any = importlib.import_module("js").Blob
    return blob_ctor.new(to_js([bytes(data)]), options)
