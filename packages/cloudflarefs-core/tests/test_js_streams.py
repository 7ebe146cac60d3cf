"""core.js streams: JS ReadableStream ⇄ Python byte chunks, inside Pyodide against Miniflare KV."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from cloudflarefs.core.js import JsConversionError, JsError, aiter_bytes, readable_stream
from cloudflarefs.testing.pytest_plugin import run_in_worker


@run_in_worker(bindings={"kv": ["KV"]})
async def test_round_trip_through_a_binding(env):
    async def chunks():
        yield b"\x00ab"
        yield bytearray(b"cd")
        yield memoryview(b"\xffe")

    with readable_stream(chunks()) as js_stream:
        await env.KV.put("k", js_stream)
    read = [c async for c in aiter_bytes(await env.KV.get("k", "stream"))]
    assert b"".join(read) == b"\x00abcd\xffe", read
    assert all(isinstance(c, bytes) for c in read), read


@run_in_worker()
async def test_bad_chunk_errors_the_stream_and_text_chunks_are_refused():
    """Read back in Pyodide, not through Miniflare: an errored stream sent through Miniflare's
    Node proxy crashes Node (``Writer is not bound to a WritableStream``)."""

    async def bad():
        yield b"ok"
        yield "text"

    seen = []
    try:
        with readable_stream(bad()) as js_stream:
            async for chunk in aiter_bytes(js_stream):
                seen.append(chunk)
        raise AssertionError("a str chunk was accepted")
    except JsError as exc:  # the stream errored; the reader's promise rejected
        assert "bytes-like" in exc.js_message, exc
    assert seen == [b"ok"], seen

    from js import ReadableStream  # a text stream built in JS

    from cloudflarefs.core.js import js_function, to_js

    def start(controller):
        controller.enqueue("hi")
        controller.close()

    with js_function(start) as start_js:
        text_stream = ReadableStream.new(to_js({"start": start_js}))
    try:
        [c async for c in aiter_bytes(text_stream)]
        raise AssertionError("a text chunk was accepted")
    except JsConversionError as exc:
        assert "byte chunk" in str(exc), exc


@run_in_worker()
async def test_node_buffer_chunks_are_read_as_bytes():
    """Node streams (Miniflare's proxy) yield Buffer chunks, which Pyodide cannot proxy as-is."""
    from js import Function

    make = Function.new(
        "return new ReadableStream({start(c) {"
        " c.enqueue(Buffer.from('ab')); c.enqueue(Buffer.from('cd').subarray(1)); c.close() }})"
    )
    chunks = [c async for c in aiter_bytes(make())]
    assert chunks == [b"ab", b"d"], chunks
