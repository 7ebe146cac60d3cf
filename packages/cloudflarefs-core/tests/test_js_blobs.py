"""core.js.to_blob: bytes → JS Blob, checked inside Pyodide (a Blob only exists there)."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import pytest

from cloudflarefs.core.js import JsConversionError, from_js, to_blob
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker()
async def test_blob_holds_a_copy_with_its_type():
    data = bytearray(b"\x00# title\xff")
    blob = to_blob(data, mime_type="text/markdown")
    data[0] = 1  # the Blob was built from a copy
    assert blob.size == 9 and blob.type == "text/markdown", (blob.size, blob.type)
    assert from_js(await blob.arrayBuffer()) == b"\x00# title\xff"
    assert to_blob(memoryview(b"")).type == "", "no type by default"
    try:
        to_blob("text")
        raise AssertionError("str accepted")
    except JsConversionError as exc:
        assert "bytes-like" in str(exc), exc


def test_bad_input_is_refused_before_pyodide_is_needed() -> None:
    with pytest.raises(JsConversionError, match="bytes-like"):
        to_blob("text")  # type: ignore[arg-type]
    with pytest.raises(JsConversionError, match="mime_type"):
        to_blob(b"x", mime_type=None)  # type: ignore[arg-type]
