"""Compression streams in Pyodide, round-tripped against Python's ``gzip``/``zlib`` on the host:
data compressed in Pyodide decompresses on the host, and host-compressed data decompresses in
Pyodide, for gzip, deflate (zlib) and deflate-raw."""

import gzip
import os
import zlib

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.streams.runtime import CompressionStream, DecompressionStream, ReadableStream

PAYLOAD = b"cloudflarefs streams " * 500 + os.urandom(1000)


def _host_compress(fmt: str, data: bytes) -> bytes:
    if fmt == "gzip":
        return gzip.compress(data)
    if fmt == "deflate":
        return zlib.compress(data)
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


def _host_decompress(fmt: str, data: bytes) -> bytes:
    wbits = {"gzip": 31, "deflate": 15, "deflate-raw": -15}[fmt]
    return zlib.decompress(data, wbits)


def test_compression_round_trips_with_gzip_and_zlib(worker):
    host = {fmt: _host_compress(fmt, PAYLOAD).hex() for fmt in ("gzip", "deflate", "deflate-raw")}

    async def compute(data, host):
        out = {}
        for fmt, compressed in host.items():
            src = ReadableStream.from_bytes(bytes.fromhex(data), chunk_size=4096)
            ours = await src.pipe_through(CompressionStream(fmt)).read_bytes()
            theirs = ReadableStream.from_bytes(bytes.fromhex(compressed), chunk_size=333)
            plain = await theirs.pipe_through(DecompressionStream(fmt)).read_bytes()
            out[fmt] = [ours.hex(), plain.hex()]
        try:
            CompressionStream("brotli")
            out["bad"] = "accepted"
        except InvalidInputError as exc:
            out["bad"] = str(exc)
        return out

    got = worker.run(compute, data=PAYLOAD.hex(), host=host)
    for fmt in host:
        ours, plain = got[fmt]
        assert _host_decompress(fmt, bytes.fromhex(ours)) == PAYLOAD, fmt
        assert bytes.fromhex(plain) == PAYLOAD, fmt
    assert "brotli" in got["bad"]
    if (gz := bytes.fromhex(got["gzip"][0]))[:2] != b"\x1f\x8b":
        pytest.fail(f"not a gzip member: {gz[:4]!r}")
