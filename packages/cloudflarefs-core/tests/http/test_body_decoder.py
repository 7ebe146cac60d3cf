"""The sans-IO body decoder, line splitter and rechunker, against one-shot references."""

from __future__ import annotations

import gzip
import itertools
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import APITimeoutError, ResponseTooLargeError
from cloudflarefs.core.http._body import PIECE_SIZE, BodyDecoder, LineSplitter, Rechunker


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate":
        return zlib.compress(data)
    if encoding == "raw-deflate":
        c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return c.compress(data) + c.flush()
    return data


def _decode(raw_chunks: list[bytes], encoding: str, max_size: int | None = None) -> bytes:
    header = {"identity": "", "raw-deflate": "deflate"}.get(encoding, encoding)
    decoder = BodyDecoder({"content-encoding": header}, method="GET", path="/p", max_size=max_size)
    out = [piece for raw in raw_chunks for piece in decoder.feed(raw)]
    return b"".join([*out, decoder.flush()])


@given(
    data=st.binary(max_size=4096) | st.builds(lambda n: b"z" * n, st.integers(0, 300_000)),
    encoding=st.sampled_from(["identity", "gzip", "deflate", "raw-deflate"]),
    cuts=st.lists(st.integers(min_value=0), max_size=8),
)
def test_any_split_of_an_encoded_body_decodes_to_the_original(
    data: bytes, encoding: str, cuts: list[int]
) -> None:
    assert _decode(_split(_encode(data, encoding), cuts), encoding) == data


@given(
    parts=st.lists(st.binary(max_size=2000), min_size=1, max_size=4),
    cuts=st.lists(st.integers(min_value=0), max_size=6),
)
def test_concatenated_gzip_members_all_decode(parts: list[bytes], cuts: list[int]) -> None:
    raw = b"".join(gzip.compress(p) for p in parts)
    assert _decode(_split(raw, cuts), "gzip") == b"".join(parts)


def test_pieces_never_exceed_the_piece_size() -> None:
    decoder = BodyDecoder({"content-encoding": "gzip"}, method="GET", path="/", max_size=None)
    sizes = [len(p) for p in decoder.feed(gzip.compress(b"\0" * (10 * PIECE_SIZE + 7)))]
    assert max(sizes) <= PIECE_SIZE and sum(sizes) + len(decoder.flush()) == 10 * PIECE_SIZE + 7


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_the_limit_is_inclusive(encoding: str) -> None:
    body = b"x" * 1000
    assert _decode([_encode(body, encoding)], encoding, max_size=1000) == body
    with pytest.raises(ResponseTooLargeError, match="1000 bytes"):
        _decode([_encode(body + b"!", encoding)], encoding, max_size=1000)


def test_the_deadline_is_checked_before_every_chunk() -> None:
    calls: list[int] = []

    def check() -> None:
        calls.append(1)
        if len(calls) > 2:
            raise APITimeoutError("late")

    decoder = BodyDecoder({}, method="GET", path="/", max_size=None, check_deadline=check)
    assert list(decoder.feed(b"a")) == [b"a"]
    assert list(decoder.feed(b"b")) == [b"b"]
    with pytest.raises(APITimeoutError):
        list(decoder.feed(b"c"))


def test_an_already_decoded_body_is_not_decoded_again() -> None:
    decoder = BodyDecoder(
        {"content-encoding": "gzip"}, method="GET", path="/", max_size=None, decoded=True
    )
    assert list(decoder.feed(b"plain")) == [b"plain"]


@given(
    text=st.text(alphabet=st.sampled_from("ab\r\n\u2028é\x0b")),
    cuts=st.lists(st.integers(min_value=0), max_size=8),
)
def test_lines_match_splitlines_of_the_whole_text(text: str, cuts: list[int]) -> None:
    splitter = LineSplitter()
    lines: list[str] = []
    for chunk in _split(text.encode(), cuts):  # cuts may fall inside a UTF-8 sequence
        lines.extend(splitter.feed(chunk))
    lines.extend(splitter.flush())
    assert lines == text.splitlines()


@given(
    data=st.binary(max_size=500),
    size=st.none() | st.integers(1, 64),
    cuts=st.lists(st.integers(min_value=0), max_size=8),
)
def test_rechunking_keeps_the_bytes_and_the_chunk_size(
    data: bytes, size: int | None, cuts: list[int]
) -> None:
    rechunker = Rechunker(size)
    chunks = [c for piece in _split(data, cuts) for c in rechunker.feed(piece)]
    chunks.extend(rechunker.flush())
    assert b"".join(chunks) == data and all(chunks)
    if size is not None:
        assert all(len(c) == size for c in chunks[:-1]) and all(len(c) <= size for c in chunks)
