"""Every public R2Bucket / R2MultipartUpload / R2ObjectBody method, run inside Pyodide against
Miniflare's R2 (the harness)."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import datetime as dt
import hashlib

import attrs

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.r2.runtime import (
    R2Bucket,
    R2Checksums,
    R2Conditional,
    R2HTTPMetadata,
    R2MultipartUpload,
    R2Object,
    R2ObjectBody,
    R2Objects,
    R2Range,
    R2UploadedPart,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker

R2 = {"r2": ["B"]}


@run_in_worker(bindings=R2)
async def test_put_head_and_get_with_every_body_reader(env):
    binding = env.B
    bucket = R2Bucket(binding)
    assert repr(bucket) == "R2Bucket(<binding>)" and bucket.js is binding
    expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    meta = R2HTTPMetadata(
        content_type="application/json", cache_control="no-store", cache_expiry=expiry
    )
    data = '{"n": 9007199254740993}'
    put = await bucket.put(
        "doc.json",
        data,
        http_metadata=meta,
        custom_metadata={"by": "ada"},
        sha256=hashlib.sha256(data.encode()).digest(),
    )
    assert isinstance(put, R2Object) and not isinstance(put, R2ObjectBody), put
    assert (put.key, put.size, put.etag) == (
        "doc.json",
        len(data),
        hashlib.md5(data.encode()).hexdigest(),
    ), put
    assert put.http_etag == f'"{put.etag}"' and put.version, put
    assert put.checksums == R2Checksums(
        md5=put.etag, sha256=hashlib.sha256(data.encode()).hexdigest()
    ), put.checksums
    assert put.uploaded.tzinfo is not None, put.uploaded
    assert put.http_metadata == meta and put.custom_metadata == {"by": "ada"}, put
    head = await bucket.head("doc.json")
    # head reports the whole object as its range; put reports none.
    assert head.range == R2Range(offset=0, length=len(data)), head.range
    assert attrs.evolve(head, range=None) == put, (head, put)
    assert await bucket.head("missing") is None
    assert await bucket.get("missing") is None

    body = await bucket.get("doc.json")
    assert isinstance(body, R2ObjectBody) and body.key == "doc.json", body
    assert not body.body_used
    assert await body.json() == {"n": 9007199254740993}
    assert body.body_used
    try:
        await body.text()
        raise AssertionError("body read twice")
    except JsError as exc:
        assert "already been used" in exc.js_message, exc
    assert await (await bucket.get("doc.json")).text() == data
    assert await (await bucket.get("doc.json")).bytes() == data.encode()
    chunks = [c async for c in await bucket.get("doc.json")]
    assert b"".join(chunks) == data.encode(), chunks
    streamed = await bucket.get("doc.json")
    assert b"".join([c async for c in streamed.iter_bytes()]) == data.encode()


@run_in_worker(bindings=R2)
async def test_put_bodies_and_checksums(env):
    bucket = R2Bucket(env.B)
    raw = bytearray(b"\x00\x01\xff")
    await bucket.put("bytes", raw, md5=hashlib.md5(raw).hexdigest())
    raw[0] = 9  # copied at the boundary
    assert await (await bucket.get("bytes")).bytes() == b"\x00\x01\xff"
    await bucket.put("view", memoryview(b"abcdef")[2:], sha1=hashlib.sha1(b"cdef").digest())
    assert (await bucket.head("view")).checksums.sha1 == hashlib.sha1(b"cdef").hexdigest()

    async def chunks():
        yield b"str"
        yield bytearray(b"eam")

    streamed = await bucket.put(
        "streamed", chunks(), storage_class="Standard", sha512=hashlib.sha512(b"stream").hexdigest()
    )
    assert streamed.size == 6, streamed
    assert await (await bucket.get("streamed")).text() == "stream"
    for name, algo in (("sha384", hashlib.sha384), ("sha256", hashlib.sha256)):
        await bucket.put(name, b"x", **{name: algo(b"x").digest()})
    try:
        await bucket.put("bad-sum", b"x", sha256=hashlib.sha256(b"y").digest())
        raise AssertionError("wrong checksum accepted")
    except JsError as exc:
        assert "SHA-256" in exc.js_message or "sha256" in exc.js_message.lower(), exc
    assert await bucket.head("bad-sum") is None


@run_in_worker(bindings=R2)
async def test_ranges_and_conditional_get(env):
    bucket = R2Bucket(env.B)
    obj = await bucket.put("r", "0123456789")
    part = await bucket.get("r", range=R2Range(offset=2, length=3))
    assert await part.text() == "234" and part.range == R2Range(offset=2, length=3), part.range
    tail = await bucket.get("r", range=R2Range(suffix=4))
    assert await tail.text() == "6789", tail
    rest = await bucket.get("r", range=R2Range(offset=7))
    assert await rest.text() == "789", rest
    head = await bucket.get("r", range=R2Range(length=2))
    assert await head.text() == "01", head

    match = await bucket.get("r", only_if=R2Conditional(etag_matches=obj.etag))
    assert isinstance(match, R2ObjectBody) and await match.text() == "0123456789"
    miss = await bucket.get("r", only_if=R2Conditional(etag_matches="nope"))
    assert isinstance(miss, R2Object) and not isinstance(miss, R2ObjectBody), miss
    assert miss.etag == obj.etag, miss
    not_match = await bucket.get("r", only_if=R2Conditional(etag_does_not_match=obj.etag))
    assert not isinstance(not_match, R2ObjectBody), not_match
    later = obj.uploaded + dt.timedelta(hours=1)
    earlier = obj.uploaded - dt.timedelta(hours=1)
    before = await bucket.get("r", only_if=R2Conditional(uploaded_before=later))
    assert isinstance(before, R2ObjectBody), before
    after = await bucket.get("r", only_if=R2Conditional(uploaded_after=later))
    assert not isinstance(after, R2ObjectBody), after
    both = await bucket.get(
        "r",
        range=R2Range(suffix=1),
        only_if=R2Conditional(uploaded_after=earlier, seconds_granularity=True),
    )
    assert isinstance(both, R2ObjectBody) and await both.text() == "9", both


@run_in_worker(bindings=R2)
async def test_conditional_put(env):
    bucket = R2Bucket(env.B)
    first = await bucket.put("c", "v1")
    refused = await bucket.put("c", "v2", only_if=R2Conditional(etag_matches="nope"))
    assert refused is None
    assert await (await bucket.get("c")).text() == "v1"
    replaced = await bucket.put("c", "v2", only_if=R2Conditional(etag_matches=first.etag))
    assert isinstance(replaced, R2Object) and replaced.etag != first.etag, replaced


@run_in_worker(bindings=R2)
async def test_delete_one_and_many(env):
    bucket = R2Bucket(env.B)
    for key in ("a", "b", "c", "d"):
        await bucket.put(key, key)
    await bucket.delete("a")
    await bucket.delete(["b", "c", "never"])
    remaining = [o.key for o in (await bucket.list()).objects]
    assert remaining == ["d"], remaining


@run_in_worker(bindings=R2)
async def test_list_options_and_iter_objects(env):
    bucket = R2Bucket(env.B)
    for key in ("logs/1", "logs/2", "logs/old/3", "pics/a", "top"):
        await bucket.put(
            key,
            key,
            custom_metadata={"k": key},
            http_metadata=R2HTTPMetadata(content_type="text/plain"),
        )
    page = await bucket.list(prefix="logs/", delimiter="/")
    assert isinstance(page, R2Objects), page
    assert [o.key for o in page.objects] == ["logs/1", "logs/2"], page
    assert page.delimited_prefixes == ("logs/old/",), page
    assert not page.truncated and page.cursor is None, page
    assert page.objects[0].custom_metadata == {}, "not included: empty"
    first = await bucket.list(limit=2, include=["customMetadata", "httpMetadata"])
    assert [o.key for o in first.objects] == ["logs/1", "logs/2"], first
    assert first.truncated and first.cursor, first
    assert first.objects[0].custom_metadata == {"k": "logs/1"}, first.objects[0]
    assert first.objects[0].http_metadata == R2HTTPMetadata(content_type="text/plain")
    second = await bucket.list(limit=2, cursor=first.cursor)
    assert [o.key for o in second.objects] == ["logs/old/3", "pics/a"], second
    after = await bucket.list(start_after="pics/a")
    assert [o.key for o in after.objects] == ["top"], after
    keys = [o.key async for o in bucket.iter_objects(page_size=2)]
    assert keys == ["logs/1", "logs/2", "logs/old/3", "pics/a", "top"], keys
    grouped = [o.key async for o in bucket.iter_objects(delimiter="/", include=["customMetadata"])]
    assert grouped == ["top"], grouped
    tail = [o.key async for o in bucket.iter_objects(prefix="logs/", start_after="logs/1")]
    assert tail == ["logs/2", "logs/old/3"], tail


@run_in_worker(bindings=R2)
async def test_multipart_create_upload_resume_complete(env):
    bucket = R2Bucket(env.B)
    upload = await bucket.create_multipart_upload(
        "big",
        http_metadata=R2HTTPMetadata(content_type="application/octet-stream"),
        custom_metadata={"parts": "3"},
        storage_class="Standard",
    )
    assert isinstance(upload, R2MultipartUpload) and upload.key == "big" and upload.upload_id
    assert upload.upload_id[:12] in repr(upload), repr(upload)
    five_mib = 5 * 1024 * 1024
    p1 = await upload.upload_part(1, b"a" * five_mib, final=False)
    assert isinstance(p1, R2UploadedPart) and p1.part_number == 1 and p1.etag, p1

    async def chunks():
        yield b"b" * (five_mib - 1)
        yield b"b"

    resumed = bucket.resume_multipart_upload("big", upload.upload_id)
    assert resumed.upload_id == upload.upload_id, resumed
    p2 = await resumed.upload_part(2, chunks())
    p3 = await resumed.upload_part(3, "tail", final=True)
    done = await resumed.complete([p3, p1, p2])  # any order: sorted by part number
    assert done.size == 2 * five_mib + 4 and done.etag.endswith("-3"), done
    assert done.custom_metadata == {"parts": "3"}, done
    got = await bucket.get("big", range=R2Range(suffix=5))
    assert await got.bytes() == b"btail", got


@run_in_worker(bindings=R2)
async def test_multipart_small_parts_and_abort(env):
    bucket = R2Bucket(env.B)
    upload = await bucket.create_multipart_upload("small")
    try:
        await upload.upload_part(1, b"x" * 10, final=False)
        raise AssertionError("small non-final part accepted")
    except InvalidInputError as exc:
        assert "at least 5242880" in str(exc), exc
    p1 = await upload.upload_part(1, b"x" * 10)
    p2 = await upload.upload_part(2, b"y")
    try:
        await upload.complete([p1, p2])
        raise AssertionError("small part 1 accepted by complete")
    except InvalidInputError as exc:
        assert "part 1 is 10 bytes" in str(exc), exc
    for bad, expected in (
        ([], "at least one part"),
        ([p1, p1], "duplicate"),
        (["p"], "R2UploadedPart"),
    ):
        try:
            await upload.complete(bad)
            raise AssertionError(f"accepted: {expected}")
        except InvalidInputError as exc:
            assert expected in str(exc), exc
    # Parts from elsewhere have unknown sizes: R2 (Miniflare) enforces the minimum itself.
    other = bucket.resume_multipart_upload("small", upload.upload_id)
    try:
        await other.complete(
            [
                R2UploadedPart(part_number=1, etag=p1.etag),
                R2UploadedPart(part_number=2, etag=p2.etag),
            ]
        )
        raise AssertionError("R2 accepted a small part")
    except JsError as exc:
        assert exc.js_message, exc
    single = await upload.complete([p1])
    assert single.size == 10, single
    doomed = await bucket.create_multipart_upload("doomed")
    await doomed.upload_part(1, b"z")
    await doomed.abort()
    try:
        await doomed.upload_part(2, b"z")
        raise AssertionError("upload to an aborted upload accepted")
    except JsError as exc:
        assert exc.js_message, exc
    assert await bucket.head("doomed") is None


@run_in_worker(bindings=R2)
async def test_bad_input_is_refused_before_the_binding_is_called(env):
    bucket = R2Bucket(env.B)
    upload = await bucket.create_multipart_upload("u")
    cases = [
        (lambda: bucket.head(""), "must not be empty"),
        (lambda: bucket.head(3), "must be a str"),
        (lambda: bucket.get("é" * 513), "1026 bytes; the limit is 1024"),
        (lambda: bucket.get("k", range={"offset": 1}), "range must be R2Range"),
        (lambda: bucket.get("k", only_if={"etagMatches": "x"}), "only_if must be R2Conditional"),
        (lambda: bucket.put("", "v"), "must not be empty"),
        (lambda: bucket.put("k", 42), "got int"),
        (lambda: bucket.put("k", "v", custom_metadata={"a": 1}), "must be str"),
        (lambda: bucket.put("k", "v", custom_metadata={"a": "b" * 8192}), "limit is 8192"),
        (lambda: bucket.put("k", "v", http_metadata={"contentType": "x"}), "R2HTTPMetadata"),
        (lambda: bucket.put("k", "v", md5=b"short"), "md5 must be 16 bytes"),
        (lambda: bucket.put("k", "v", sha256="zz" * 32), "64 hex digits"),
        (lambda: bucket.put("k", "v", md5="0" * 32, sha1="0" * 40), "at most one checksum"),
        (lambda: bucket.put("k", "v", storage_class="Glacier"), "storage_class must be one of"),
        (lambda: bucket.delete([]), "1 to 1000 keys"),
        (lambda: bucket.delete(["ok", ""]), "must not be empty"),
        (lambda: bucket.delete(5), "delete keys must be a list"),
        (lambda: bucket.delete({"a": 1}), "delete keys must be a list"),
        (lambda: bucket.list(limit=0), "between 1 and 1000"),
        (lambda: bucket.list(limit=1001), "between 1 and 1000"),
        (lambda: bucket.list(include=["body"]), "include items must be"),
        (lambda: bucket.list(include="httpMetadata"), "include must be a list"),
        (lambda: bucket.list(cursor=""), "cursor must not be empty"),
        (lambda: bucket.list(prefix=1), "prefix must be a str"),
        (lambda: bucket.create_multipart_upload(""), "must not be empty"),
        (lambda: bucket.create_multipart_upload("k", storage_class="x"), "storage_class"),
        (lambda: upload.upload_part(0, b"x"), "part_number must be between 1 and 10000"),
        (lambda: upload.upload_part(10001, b"x"), "between 1 and 10000"),
        (lambda: upload.upload_part(1, 1.5), "must be str, bytes-like"),
    ]
    for make_call, expected in cases:
        try:
            await make_call()
            raise AssertionError(f"accepted: {expected}")
        except InvalidInputError as exc:
            assert expected in str(exc), (expected, str(exc))
    sync_cases = [
        (lambda: R2Range(), "needs offset, length or suffix"),
        (lambda: R2Range(suffix=3, offset=1), "not both"),
        (lambda: R2Range(offset=-1), "offset must be >= 0"),
        (lambda: R2Range(length=0), "length must be >= 1"),
        (lambda: R2Conditional(uploaded_before=dt.datetime(2020, 1, 1)), "timezone-aware"),
        (lambda: R2Conditional(etag_matches=""), "must not be empty"),
        (lambda: R2HTTPMetadata(content_type=5), "content_type must be a str"),
        (lambda: bucket.resume_multipart_upload("k", ""), "upload_id must not be empty"),
        (lambda: bucket.resume_multipart_upload("", "id"), "must not be empty"),
        (lambda: R2Bucket(None), "needs an R2 binding"),
    ]
    for make, expected in sync_cases:
        try:
            make()
            raise AssertionError(f"accepted: {expected}")
        except InvalidInputError as exc:
            assert expected in str(exc), (expected, str(exc))
    assert (await bucket.list()).objects == (), "nothing was written"


@run_in_worker(bindings=R2)
async def test_empty_object_reads_back(env):
    # What R2 returns is decoded, not validated as a request: an empty object's range is
    # offset 0, length 0, which R2Range() refuses as a request.
    bucket = R2Bucket(env.B)
    put = await bucket.put("e", b"")
    assert put.size == 0, put
    head = await bucket.head("e")
    assert head is not None and head.size == 0, head
    got = await bucket.get("e")
    assert got is not None and await got.bytes() == b"", got
    assert got.range is None or got.range.length in (None, 0), got.range
    listed = await bucket.list()
    assert [o.key for o in listed.objects] == ["e"], listed
    try:
        R2Range(length=0)
        raise AssertionError("a zero-length request range was accepted")
    except InvalidInputError:
        pass
