"""Host-CPython unit tests for the streams package's pure parts and constructor injection."""

import types
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.streams.runtime import (
    CompressionStream,
    DecompressionStream,
    FixedLengthStream,
    ReadableStream,
    TextDecoderStream,
    TransformStream,
    WritableStream,
)
from cloudflarefs.streams.runtime._checks import check_chunk, check_count


def test_checks() -> None:
    assert check_count(0, "n") == 0 and check_count(2**53 - 1, "n") == 2**53 - 1
    for bad in (-1, 2**53, 1.0, True, "1"):
        with pytest.raises(InvalidInputError, match="n must"):
            check_count(bad, "n")
    assert check_chunk(bytearray(b"a")) == b"a" and check_chunk("s") == "s"
    with pytest.raises(InvalidInputError, match="bytes-like or str"):
        check_chunk(1)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def new(self, *args: Any) -> Any:
        self.calls.append(args)
        return types.SimpleNamespace(readable="R", writable="W", args=args)


def test_constructors_use_injected_streams_and_validate_first() -> None:
    rec = Recorder()
    streams = types.SimpleNamespace(
        CompressionStream=rec, DecompressionStream=rec, FixedLengthStream=rec, TransformStream=rec
    )
    assert CompressionStream("gzip", streams=streams).js.args == ("gzip",)
    assert DecompressionStream("deflate-raw", streams=streams).js.args == ("deflate-raw",)
    assert FixedLengthStream(0, streams=streams).js.args == (0,)
    pair = TransformStream(streams=streams)
    assert pair.readable.js == "R" and pair.writable.js == "W"
    for bad in ("br", "GZIP", None):
        with pytest.raises(InvalidInputError, match="compression format"):
            CompressionStream(bad, streams=streams)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        TextDecoderStream(3, streams=streams)  # type: ignore[arg-type]
    assert len(rec.calls) == 4, "bad input must not reach the constructor"
    assert repr(TransformStream.wrap(types.SimpleNamespace())) == "TransformStream(<js>)"
    with pytest.raises(InvalidInputError):
        TransformStream.wrap(None)
    for cls in (ReadableStream, WritableStream):
        with pytest.raises(InvalidInputError):
            cls(None)


def test_missing_js_runtime_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="only available inside Pyodide"):
        CompressionStream("gzip")
