"""Every public KVNamespace method, run inside Pyodide against Miniflare's KV (the harness)."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import datetime as dt

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import JsError
from cloudflarefs.kv.runtime import KVKey, KVListResult, KVNamespace, KVValueWithMetadata
from cloudflarefs.testing.pytest_plugin import run_in_worker

KV = {"kv": ["KV"]}


@run_in_worker(bindings=KV)
async def test_put_and_get_as_text_json_bytes_and_stream(env):
    binding = env.KV
    kv = KVNamespace(binding)
    assert repr(kv) == "KVNamespace(<binding>)" and kv.js is binding
    await kv.put("text", "héllo")
    await kv.put("json", '{"n": 9007199254740993, "xs": [1, null]}')
    await kv.put("bin", b"\x00\xff\x10")
    assert await kv.get("text") == "héllo"
    assert await kv.get("missing") is None
    assert await kv.get("text", cache_ttl=60) == "héllo"
    # Parsed in Python: integers beyond 2**53 stay exact.
    assert await kv.get_json("json") == {"n": 9007199254740993, "xs": [1, None]}
    assert await kv.get_json("missing") is None
    assert await kv.get_bytes("bin") == b"\x00\xff\x10"
    assert await kv.get_bytes("text") == "héllo".encode()
    assert await kv.get_bytes("missing") is None
    stream = await kv.get_stream("bin", cache_ttl=120)
    assert stream is not None
    assert b"".join([chunk async for chunk in stream]) == b"\x00\xff\x10"
    assert await kv.get_stream("missing") is None
    try:
        await kv.get_json("text")
        raise AssertionError("non-JSON value parsed")
    except ResponseDecodeError as exc:
        assert "'text' is not valid JSON" in str(exc), exc


@run_in_worker(bindings=KV)
async def test_put_from_bytes_likes_and_async_iterables(env):
    kv = KVNamespace(env.KV)
    data = bytearray(b"abc")
    await kv.put("ba", data)
    data[0] = ord("z")  # the value was copied at the boundary
    assert await kv.get_bytes("ba") == b"abc"
    await kv.put("mv", memoryview(b"xyz")[1:])
    assert await kv.get("mv") == "yz"

    async def chunks():
        for part in (b"one ", bytearray(b"two "), b"three"):
            yield part

    await kv.put("streamed", chunks(), metadata={"from": "stream"})
    got = await kv.get_with_metadata("streamed")
    assert got == KVValueWithMetadata(value="one two three", metadata={"from": "stream"}), got


@run_in_worker(bindings=KV)
async def test_put_options_show_up_in_list(env):
    kv = KVNamespace(env.KV)
    at = dt.datetime(2035, 1, 1, tzinfo=dt.UTC)
    await kv.put("a:1", "x", expiration=at, metadata={"v": 1})
    await kv.put("a:2", "y", expiration=int(at.timestamp()) + 60)
    await kv.put("a:3", "z", expiration_ttl=3600, metadata=["m"])
    await kv.put("b:1", "w")
    page = await kv.list(prefix="a:")
    assert isinstance(page, KVListResult) and page.list_complete and page.cursor is None, page
    assert [k.name for k in page.keys] == ["a:1", "a:2", "a:3"], page
    assert page.keys[0] == KVKey(name="a:1", expiration=at, metadata={"v": 1}), page.keys[0]
    assert page.keys[1].expiration == at + dt.timedelta(seconds=60), page.keys[1]
    assert page.keys[1].metadata is None, page.keys[1]
    ttl_expiry = page.keys[2].expiration
    assert ttl_expiry is not None and ttl_expiry.tzinfo is dt.UTC, page.keys[2]
    assert ttl_expiry > dt.datetime.now(dt.UTC), page.keys[2]
    assert page.keys[2].metadata == ["m"], page.keys[2]
    everything = await kv.list()
    assert [k.name for k in everything.keys] == ["a:1", "a:2", "a:3", "b:1"], everything


@run_in_worker(bindings=KV)
async def test_list_pages_with_cursor_and_iter_keys(env):
    kv = KVNamespace(env.KV)
    for i in range(5):
        await kv.put(f"k{i}", str(i))
    first = await kv.list(limit=2)
    assert [k.name for k in first.keys] == ["k0", "k1"], first
    assert not first.list_complete and first.cursor, first
    second = await kv.list(limit=2, cursor=first.cursor)
    assert [k.name for k in second.keys] == ["k2", "k3"], second
    names = [key.name async for key in kv.iter_keys(page_size=2)]
    assert names == ["k0", "k1", "k2", "k3", "k4"], names
    assert [key.name async for key in kv.iter_keys(prefix="k4")] == ["k4"]
    assert [key.name async for key in kv.iter_keys(prefix="none")] == []


@run_in_worker(bindings=KV)
async def test_get_with_metadata_in_every_type(env):
    kv = KVNamespace(env.KV)
    await kv.put("k", '{"a": 1}', metadata={"owner": "ada"})
    await kv.put("plain", b"\x01")
    text = await kv.get_with_metadata("k")
    assert text == KVValueWithMetadata(value='{"a": 1}', metadata={"owner": "ada"}), text
    assert (await kv.get_with_metadata("k", type="json")).value == {"a": 1}
    as_bytes = await kv.get_with_metadata("plain", type="bytes", cache_ttl=60)
    assert as_bytes == KVValueWithMetadata(value=b"\x01", metadata=None), as_bytes
    streamed = await kv.get_with_metadata("k", type="stream")
    assert streamed.metadata == {"owner": "ada"}, streamed
    assert streamed.value is not None
    assert b"".join([c async for c in streamed.value]) == b'{"a": 1}'
    for kind in ("text", "json", "bytes", "stream"):
        missing = await kv.get_with_metadata("missing", type=kind)
        assert missing.value is None and missing.metadata is None, (kind, missing)


@run_in_worker(bindings=KV)
async def test_bulk_reads(env):
    kv = KVNamespace(env.KV)
    await kv.put("a", '{"x": 1}', metadata={"m": "a"})
    await kv.put("b", "[2]")
    assert await kv.get_many(["a", "b", "nope"]) == {"a": '{"x": 1}', "b": "[2]", "nope": None}
    many_json = await kv.get_many(["b", "a", "nope"], type="json", cache_ttl=300)
    assert many_json == {"b": [2], "a": {"x": 1}, "nope": None}, many_json
    assert list(many_json) == ["b", "a", "nope"], "result keeps the requested order"
    with_meta = await kv.get_many_with_metadata(["a", "nope"])
    assert with_meta == {
        "a": KVValueWithMetadata(value='{"x": 1}', metadata={"m": "a"}),
        "nope": KVValueWithMetadata(value=None),
    }, with_meta
    json_meta = await kv.get_many_with_metadata(["a", "b"], type="json")
    assert json_meta["a"].value == {"x": 1} and json_meta["b"].value == [2], json_meta
    assert json_meta["b"].metadata is None, json_meta


@run_in_worker(bindings=KV)
async def test_delete(env):
    kv = KVNamespace(env.KV)
    await kv.put("k", "v")
    await kv.delete("k")
    await kv.delete("never-existed")
    assert await kv.get("k") is None
    assert (await kv.list()).keys == ()


@run_in_worker(bindings=KV)
async def test_bad_input_is_refused_before_the_binding_is_called(env):
    kv = KVNamespace(env.KV)
    cases = [
        (lambda: kv.get(""), "must not be empty"),
        (lambda: kv.get("."), "'.'"),
        (lambda: kv.get("é" * 257), "514 bytes; the limit is 512"),
        (lambda: kv.get(1), "must be a str"),
        (lambda: kv.get("k", cache_ttl=59), "cache_ttl must be at least 60"),
        (lambda: kv.get_json(""), "must not be empty"),
        (lambda: kv.get_bytes("x" * 513), "513 bytes"),
        (lambda: kv.get_stream(""), "must not be empty"),
        (lambda: kv.get_with_metadata("k", type="arrayBuffer"), "type must be one of"),
        (lambda: kv.get_many("k"), "bulk read keys must be a list"),
        (lambda: kv.get_many([]), "1 to 100 keys"),
        (lambda: kv.get_many([f"k{i}" for i in range(101)]), "got 101"),
        (lambda: kv.get_many(["k"], type="bytes"), "type 'text' or 'json'"),
        (lambda: kv.get_many_with_metadata(["ok", ""]), "must not be empty"),
        (lambda: kv.put("", "v"), "must not be empty"),
        (lambda: kv.put("k", "v", expiration_ttl=59), "expiration_ttl must be at least 60"),
        (lambda: kv.put("k", "v", expiration_ttl=True), "must be an int"),
        (lambda: kv.put("k", "v", expiration=0), "positive epoch seconds"),
        (lambda: kv.put("k", "v", expiration=dt.datetime(2100, 1, 1)), "timezone-aware"),
        (lambda: kv.put("k", "v", metadata={"x": "y" * 1020}), "the limit is 1024"),
        (lambda: kv.put("k", "v", metadata={"x": {1, 2}}), "which JSON cannot hold"),
        (lambda: kv.put("k", 42), "got int"),
        (lambda: kv.delete(""), "must not be empty"),
        (lambda: kv.list(limit=0), "between 1 and 1000"),
        (lambda: kv.list(limit=1001), "between 1 and 1000"),
        (lambda: kv.list(prefix=3), "prefix must be a str"),
        (lambda: kv.list(cursor=""), "cursor must not be empty"),
    ]
    for make_call, expected in cases:
        try:
            await make_call()
            raise AssertionError(f"accepted: {expected}")
        except InvalidInputError as exc:
            assert expected in str(exc), (expected, str(exc))
    try:
        [k async for k in kv.iter_keys(page_size=5000)]
        raise AssertionError("page_size 5000 accepted")
    except InvalidInputError as exc:
        assert "between 1 and 1000" in str(exc), exc
    try:
        KVNamespace(None)
        raise AssertionError("None binding accepted")
    except InvalidInputError as exc:
        assert "needs a KV binding" in str(exc), exc
    assert (await kv.list()).keys == (), "nothing was written"


@run_in_worker(bindings=KV)
async def test_js_errors_surface_as_js_error(env):
    kv = KVNamespace(env.KV)
    # One second in the future passes our checks; KV itself requires 60 s and rejects it.
    soon = int(dt.datetime.now(dt.UTC).timestamp()) + 1
    try:
        await kv.put("k", "v", expiration=soon)
        raise AssertionError("near expiration accepted")
    except JsError as exc:
        assert "xpiration" in exc.js_message, exc


@run_in_worker(bindings=KV)
async def test_wrong_types_raise_type_errors(env):
    # `except TypeError` catches a wrong-type argument; it is still an InvalidInputError.
    from cloudflarefs.core import InvalidInputTypeError

    kv = KVNamespace(env.KV)
    cases = {
        "get(123)": lambda: kv.get(123),
        "put value int": lambda: kv.put("k", 5),
        "ttl str": lambda: kv.put("k", "v", expiration_ttl="60"),
        "list limit str": lambda: kv.list(limit="5"),
        "bulk keys str": lambda: kv.get_many("abc"),
    }
    for name, call in cases.items():
        try:
            await call()
            raise AssertionError(f"{name}: accepted")
        except TypeError as exc:
            assert isinstance(exc, InvalidInputTypeError), (name, type(exc))
            assert isinstance(exc, InvalidInputError), name
    try:
        await kv.get("")
        raise AssertionError("empty key accepted")
    except InvalidInputError as exc:
        assert not isinstance(exc, TypeError), "a bad value is not a type error"
