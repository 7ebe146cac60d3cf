"""The JS ↔ Python codec used by cloudflarefs runtime packages inside Python Workers.

Imports on host CPython (Pyodide is loaded lazily, only when a JS value is built or inspected)
and never imports httpx.
"""

from cloudflarefs.core.js.awaiting import (
    WaitUntilContext,
    await_maybe,
    call_js,
    invoke_js,
    is_js_exception,
    js_errors,
    keep_alive,
    pending_background,
    to_promise,
    wait_until,
)
from cloudflarefs.core.js.backend import JsBackend, PyodideBackend, backend, use_backend
from cloudflarefs.core.js.blobs import to_blob
from cloudflarefs.core.js.callables import js_function
from cloudflarefs.core.js.convert import MAX_SAFE_INTEGER, from_js, to_js
from cloudflarefs.core.js.errors import JsConversionError, JsError
from cloudflarefs.core.js.jsondata import check_json, json_to_js
from cloudflarefs.core.js.markers import JS_NULL, JsNullType
from cloudflarefs.core.js.streams import ByteChunk, aiter_bytes, readable_stream

__all__ = [
    "JS_NULL",
    "MAX_SAFE_INTEGER",
    "ByteChunk",
    "JsBackend",
    "JsConversionError",
    "JsError",
    "JsNullType",
    "PyodideBackend",
    "WaitUntilContext",
    "aiter_bytes",
    "await_maybe",
    "backend",
    "call_js",
    "check_json",
    "from_js",
    "invoke_js",
    "is_js_exception",
    "js_errors",
    "js_function",
    "json_to_js",
    "keep_alive",
    "pending_background",
    "readable_stream",
    "to_blob",
    "to_js",
    "to_promise",
    "use_backend",
    "wait_until",
]
