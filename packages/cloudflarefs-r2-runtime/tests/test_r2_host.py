"""Host-CPython unit tests for the pure parts: limits, option dicts, result structuring, and
the multipart part-size checks (a tiny fake stands in for the JS upload)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.r2.runtime import (
    MIN_PART_BYTES,
    R2Bucket,
    R2Checksums,
    R2Conditional,
    R2HTTPMetadata,
    R2MultipartUpload,
    R2Object,
    R2Range,
    R2UploadedPart,
)
from cloudflarefs.r2.runtime._limits import (
    check_checksum,
    check_custom_metadata,
    check_delete_keys,
    check_key,
)
from cloudflarefs.r2.runtime._models import object_from_py, objects_from_py

UPLOADED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
JS_OBJECT: dict[str, Any] = {
    "key": "k",
    "version": "v1",
    "size": 3,
    "etag": "abc",
    "httpEtag": '"abc"',
    "uploaded": UPLOADED,
    "checksums": {"md5": bytes.fromhex("00ff"), "sha256": None},
    "httpMetadata": {"contentType": "text/plain", "cacheExpiry": UPLOADED},
    "customMetadata": {"a": "b"},
    "range": {"offset": 0, "length": 3},
    "storageClass": "Standard",
    "ssecKeyMd5": None,
}


class FakeUpload:
    key = "big"
    uploadId = "upload-id-0123456789"  # the JS property name

    def __init__(self) -> None:
        self.calls: list[str] = []

    def complete(self, parts: Any) -> Any:
        self.calls.append("complete")
        raise AssertionError("validation should have stopped this call")


def test_keys_and_delete_lists() -> None:
    assert check_key("a" * 1024) == "a" * 1024
    with pytest.raises(InvalidInputError, match="1025 bytes"):
        check_key("a" * 1025)
    with pytest.raises(InvalidInputError, match="1026 bytes"):
        check_key("é" * 513)
    assert check_delete_keys("a") == "a"
    assert check_delete_keys(("a", "b")) == ["a", "b"]
    with pytest.raises(InvalidInputError, match="1 to 1000"):
        check_delete_keys(["k"] * 1001)


def test_custom_metadata_and_checksums() -> None:
    assert check_custom_metadata({"a": "b" * 8191}) == {"a": "b" * 8191}
    with pytest.raises(InvalidInputError, match="8193 bytes"):
        check_custom_metadata({"ab": "b" * 8191})
    assert check_checksum("md5", b"\x00" * 16) == b"\x00" * 16
    assert check_checksum("sha1", "AB" * 20) == "AB" * 20
    with pytest.raises(InvalidInputError, match="sha512 must be 64 bytes"):
        check_checksum("sha512", b"\x00" * 32)
    with pytest.raises(InvalidInputError, match="must be bytes or a hex str"):
        check_checksum("md5", 5)


def test_option_dicts() -> None:
    assert R2Range(offset=3).to_py() == {"offset": 3}
    assert R2Range(offset=0, length=2).to_py() == {"offset": 0, "length": 2}
    assert R2Range(suffix=9).to_py() == {"suffix": 9}
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert R2Conditional(etag_matches="e", uploaded_after=when).to_py() == {
        "etagMatches": "e",
        "uploadedAfter": when,
    }
    assert R2Conditional(etag_does_not_match="x", seconds_granularity=True).to_py() == {
        "etagDoesNotMatch": "x",
        "secondsGranularity": True,
    }
    assert R2HTTPMetadata(content_type="a/b", cache_expiry=when).to_py() == {
        "contentType": "a/b",
        "cacheExpiry": when,
    }
    with pytest.raises(InvalidInputError, match="length must be >= 1"):
        R2Range(offset=1, length=0)
    with pytest.raises(InvalidInputError, match="must be a datetime"):
        R2Conditional(uploaded_after="2026")  # type: ignore[arg-type]


def test_object_structuring() -> None:
    obj = object_from_py(JS_OBJECT)
    assert obj == R2Object(
        key="k",
        version="v1",
        size=3,
        etag="abc",
        http_etag='"abc"',
        uploaded=UPLOADED,
        checksums=R2Checksums(md5="00ff"),
        http_metadata=R2HTTPMetadata(content_type="text/plain", cache_expiry=UPLOADED),
        custom_metadata={"a": "b"},
        range=R2Range(offset=0, length=3),
        storage_class="Standard",
    )
    bare = object_from_py(
        {
            **JS_OBJECT,
            "httpMetadata": None,
            "customMetadata": None,
            "range": None,
            "checksums": None,
            "storageClass": "",
        }
    )
    assert (bare.http_metadata, bare.custom_metadata, bare.range) == (None, None, None)
    assert bare.checksums == R2Checksums()
    with pytest.raises(ResponseDecodeError, match="'uploaded'"):
        object_from_py({**JS_OBJECT, "uploaded": 123})
    with pytest.raises(ResponseDecodeError, match="'size'"):
        object_from_py({**JS_OBJECT, "size": True})


def test_list_structuring() -> None:
    page = objects_from_py(
        {"objects": [JS_OBJECT], "delimitedPrefixes": ["p/"], "truncated": True, "cursor": "c"}
    )
    assert page.objects == (object_from_py(JS_OBJECT),)
    assert (page.delimited_prefixes, page.truncated, page.cursor) == (("p/",), True, "c")
    last = objects_from_py({"objects": [], "truncated": False, "cursor": "stale"})
    assert (last.delimited_prefixes, last.cursor) == ((), None)
    with pytest.raises(ResponseDecodeError, match="unexpected R2 list result"):
        objects_from_py({"truncated": False})


def test_complete_checks_recorded_part_sizes_before_calling_js() -> None:
    fake = FakeUpload()
    upload = R2MultipartUpload(fake)
    assert (upload.key, upload.upload_id) == ("big", "upload-id-0123456789")
    assert "upload-id-01" in repr(upload) and "0123456789'" not in repr(upload)
    small = R2UploadedPart(part_number=1, etag="e1", size=MIN_PART_BYTES - 1)
    last = R2UploadedPart(part_number=2, etag="e2", size=1)
    with pytest.raises(InvalidInputError, match="part 1 is 5242879 bytes"):
        asyncio.run(upload.complete([last, small]))
    # The smallest part may be last in number order regardless of list order; equal parts are
    # compared by number and etag only (size is bookkeeping).
    assert R2UploadedPart(part_number=1, etag="e", size=5) == R2UploadedPart(
        part_number=1, etag="e"
    )
    with pytest.raises(InvalidInputError, match="duplicate part numbers"):
        asyncio.run(upload.complete([last, last]))
    assert fake.calls == []


def test_bucket_refuses_none_binding() -> None:
    with pytest.raises(InvalidInputError, match="needs an R2 binding"):
        R2Bucket(None)


def test_platform_values_are_decoded_not_validated() -> None:
    # An empty object's range is offset 0, length 0: a result, not a request to check.
    empty = R2Range.from_py({"offset": 0, "length": 0})
    assert (empty.offset, empty.length, empty.suffix) == (0, 0, None)
    assert R2Range.from_py({"offset": 0.0, "length": 0}) == empty
    assert R2HTTPMetadata.from_py({"contentType": ""}).content_type == ""
    for bad in ({"offset": "x"}, [1], {"length": True}):
        with pytest.raises(ResponseDecodeError):
            R2Range.from_py(bad)
    with pytest.raises(ResponseDecodeError):
        R2HTTPMetadata.from_py({"contentType": 5})
