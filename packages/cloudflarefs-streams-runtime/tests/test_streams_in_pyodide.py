"""Streams inside Pyodide (Node's Web Streams, which Python Workers tests run against).

``IdentityTransformStream`` and ``FixedLengthStream`` exist only inside workerd. Driving a
workerd stream piecewise from Pyodide does not work through Miniflare's Node proxy (a stream is
bound to the I/O context of the RPC call that created it, and a session-target facade hung), so
their wrappers are tested with an injected constructor that records the arguments and returns a
real JS ``TransformStream`` for the data path.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import asyncio
import importlib
import types

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError, from_js
from cloudflarefs.streams.runtime import (
    FixedLengthStream,
    IdentityTransformStream,
    ReadableStream,
    TextDecoderStream,
    TextEncoderStream,
    TransformStream,
    WritableStream,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker()
async def test_readable_from_python_sources(env):
    data = bytes(range(256)) * 10
    chunks = [c async for c in ReadableStream.from_bytes(data, chunk_size=1000)]
    assert [len(c) for c in chunks] == [1000, 1000, 560] and b"".join(chunks) == data, len(chunks)
    assert await ReadableStream.from_bytes(b"").read_bytes() == b""

    async def gen():
        for i in range(3):
            yield f"part{i}".encode()

    assert await ReadableStream.from_iterable(gen()).read_bytes() == b"part0part1part2"
    assert (
        await ReadableStream.from_iterable([b"a", bytearray(b"b"), memoryview(b"c")]).read_bytes()
        == b"abc"
    )
    source = ReadableStream.from_bytes(b"tee me")
    assert not source.locked and source.js is not None
    left, right = source.tee()
    assert source.locked, "tee locks the source"
    assert (await left.read_bytes(), await right.read_bytes()) == (b"tee me", b"tee me")
    text = ReadableStream.from_iterable(["x", "y"])
    assert await text.read_text() == "xy"
    try:
        await ReadableStream.from_iterable(["text"]).read_bytes()
        raise AssertionError("text chunk read as bytes")
    except Exception as exc:
        assert "iter_text" in str(exc), exc
    try:
        await ReadableStream.from_iterable([b"ok", 42]).read_bytes()
        raise AssertionError("int chunk accepted")
    except JsError as exc:
        assert "bytes-like or str" in exc.js_message, exc
    for name, make in {
        "bytes as iterable": lambda: ReadableStream.from_iterable(b"abc"),
        "negative hwm": lambda: ReadableStream.from_iterable([], high_water_mark=-1),
        "zero chunk size": lambda: ReadableStream.from_bytes(b"x", chunk_size=0),
        "str to from_bytes": lambda: ReadableStream.from_bytes("x"),
        "None stream": lambda: ReadableStream(None),
    }.items():
        try:
            make()
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError:
            pass


@run_in_worker()
async def test_python_source_is_pulled_lazily_and_cancel_closes_it(env):
    produced = []
    closed = []

    async def numbers():
        try:
            for i in range(100):
                produced.append(i)
                yield bytes([i])
        finally:
            closed.append(True)

    hwm = 3
    stream = ReadableStream.from_iterable(numbers(), high_water_mark=hwm)
    for _ in range(50):
        await asyncio.sleep(0)  # let the stream fill its queue as far as it wants
    assert 0 < len(produced) <= hwm, f"pulled {len(produced)} before any read (hwm {hwm})"
    reader = stream.iter_bytes()
    for read in range(1, 6):
        assert await anext(reader) == bytes([read - 1])
        for _ in range(50):
            await asyncio.sleep(0)
        assert len(produced) <= read + hwm, f"{len(produced)} pulled after {read} reads"
    await reader.aclose()  # releases the lock
    await stream.cancel("enough")
    for _ in range(20):
        await asyncio.sleep(0)
    assert closed == [True], "cancel must close the async generator"
    assert len(produced) < 100, "the source was drained"


@run_in_worker()
async def test_writer_transform_and_sink(env):
    ts = TransformStream()
    writer = ts.writable.get_writer()
    assert ts.writable.locked and writer.desired_size == 1, writer.desired_size
    await writer.ready()
    reading = asyncio.ensure_future(ts.readable.read_bytes())
    await writer.write(b"hello ")
    await writer.write(bytearray(b"world"))
    await writer.close()
    await writer.closed()
    assert await reading == b"hello world"

    aborted = TransformStream()
    w2 = aborted.writable.get_writer()
    await w2.abort("stop")
    try:
        await aborted.readable.read_bytes()
        raise AssertionError("read from an aborted stream")
    except JsError as exc:
        assert "stop" in str(exc), exc
    assert w2.desired_size is None, "an errored stream has no desired size"
    free = TransformStream()
    free.writable.get_writer().release_lock()
    assert not free.writable.locked

    got = []
    done = []

    async def collect(chunk):
        got.append(chunk)

    sink = WritableStream.from_sink(collect, close=lambda: done.append(True))
    await ReadableStream.from_iterable([b"a", b"b", b"c"]).pipe_to(sink)
    assert got == [b"a", b"b", b"c"] and done == [True], (got, done)
    try:
        await TransformStream().writable.get_writer().write(3.5)
        raise AssertionError("float chunk accepted")
    except InvalidInputError:
        pass


@run_in_worker()
async def test_text_encoder_and_decoder_streams(env):
    encoded = ReadableStream.from_iterable(["héllo", " wörld ✓"]).pipe_through(TextEncoderStream())
    assert await encoded.read_bytes() == "héllo wörld ✓".encode()
    raw = "añb✓".encode()
    split = [raw[:2], raw[2:5], raw[5:]]  # multi-byte characters cut across chunks
    decoded = ReadableStream.from_iterable(split).pipe_through(TextDecoderStream())
    assert await decoded.read_text() == "añb✓"
    strict = ReadableStream.from_iterable([b"\xff\xfe\xfd"]).pipe_through(
        TextDecoderStream(fatal=True)
    )
    try:
        await strict.read_text()
        raise AssertionError("invalid UTF-8 accepted with fatal=True")
    except JsError as exc:
        assert exc.name, exc
    lenient = ReadableStream.from_iterable([b"a\xffb"]).pipe_through(TextDecoderStream())
    assert await lenient.read_text() == "a\ufffdb"
    try:
        TextDecoderStream("")
        raise AssertionError("empty label accepted")
    except InvalidInputError:
        pass


@run_in_worker()
async def test_identity_and_fixed_length_wrappers_with_an_injected_constructor(env):
    made = []

    class Recording:
        """Stands in for workerd's constructors: records the arguments, returns a real
        Node TransformStream so the data path is still JS."""

        @staticmethod
        def new(*args):
            made.append([from_js(a, objects="all") for a in args])
            return importlib.import_module("js").TransformStream.new()

    streams = types.SimpleNamespace(IdentityTransformStream=Recording, FixedLengthStream=Recording)
    identity = IdentityTransformStream(high_water_mark=4, streams=streams)
    reading = asyncio.ensure_future(identity.readable.read_bytes())
    writer = identity.writable.get_writer()
    for part in (b"one ", b"two ", b"three"):
        await writer.write(part)
    await writer.close()
    assert await reading == b"one two three"
    FixedLengthStream(5, streams=streams)
    IdentityTransformStream(streams=streams)
    assert made == [[{"highWaterMark": 4}], [5], []], made
    for bad in (-1, 1.5, True):
        try:
            FixedLengthStream(bad, streams=streams)
            raise AssertionError(f"length {bad!r} accepted")
        except InvalidInputError:
            pass
    try:
        IdentityTransformStream()  # Node has no IdentityTransformStream global
        raise AssertionError("constructed without workerd")
    except RuntimeError as exc:
        assert "workerd-only" in str(exc), exc
