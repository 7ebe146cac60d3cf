"""The pure bulk helpers: wire items and chunking by count and by serialized size."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.bulk import ChunkOutcome
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.kv.management import MAX_BULK_BYTES, MAX_BULK_ITEMS, KVPair
from cloudflarefs.kv.management._bulk import key_chunks, merge_results, write_chunks


def body_size(chunk: list[object]) -> int:
    # Exactly how core serializes a JSON body (compact, UTF-8).
    return len(json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode())


def chunk_pairs(pairs: object, **limits: int) -> list[list[dict[str, object]]]:
    return [json.loads(c.payload) for c in write_chunks(pairs, **limits)]  # type: ignore[arg-type]


def test_limits_are_the_documented_ones() -> None:
    assert MAX_BULK_ITEMS == 10_000
    assert MAX_BULK_BYTES == 100_000_000


texts = st.text(max_size=300)  # any code points: escapes, control and non-ASCII characters


@given(
    values=st.lists(texts, min_size=1, max_size=60),
    keys=st.lists(
        st.text(min_size=1, max_size=20).filter(lambda k: k not in (".", "..")),
        min_size=60,
        max_size=60,
    ),
    as_mapping=st.booleans(),
    max_bytes=st.integers(min_value=700, max_value=5_000),
    max_items=st.integers(min_value=1, max_value=20),
)
def test_chunks_respect_both_limits_exactly_and_keep_order(
    values: list[str], keys: list[str], as_mapping: bool, max_bytes: int, max_items: int
) -> None:
    named = [(f"{k}{i}", v) for i, (k, v) in enumerate(zip(keys, values, strict=False))]
    pairs = dict(named) if as_mapping else [KVPair(key=k, value=v) for k, v in named]
    encoded = list(write_chunks(pairs, max_items=max_items, max_bytes=max_bytes))
    chunks = [json.loads(c.payload) for c in encoded]
    assert [(i["key"], i["value"]) for c in chunks for i in c] == named
    assert [c.index for c in encoded] == list(range(len(chunks)))
    assert [c.start for c in encoded] == [sum(map(len, chunks[:n])) for n in range(len(chunks))]
    for n, (chunk, items) in enumerate(zip(encoded, chunks, strict=True)):
        assert chunk.size == len(items)
        assert 1 <= chunk.size <= max_items
        assert len(chunk.payload) == body_size(items) <= max_bytes
        if n + 1 < len(chunks) and chunk.size < max_items:
            # Split for size: the next item would not have fitted (sizes are exact).
            assert body_size([*items, chunks[n + 1][0]]) > max_bytes


def test_size_limit_splits_before_the_count_limit() -> None:
    pairs = {f"k{i}": "x" * 100 for i in range(10)}
    one = body_size([{"key": "k0", "value": "x" * 100}])
    chunks = chunk_pairs(pairs, max_bytes=3 * one)  # "[" + three items + two "," + "]" fit
    assert [len(c) for c in chunks] == [3, 3, 3, 1]


def test_an_item_larger_than_a_request_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="request limit"):
        chunk_pairs({"big": "x" * 2_000}, max_bytes=1_000)


def test_bytes_values_are_base64_and_str_values_are_not() -> None:
    ((text, binary),) = chunk_pairs([KVPair(key="t", value="é"), KVPair(key="b", value=b"\xe9")])
    assert text == {"key": "t", "value": "é"}
    assert binary == {"key": "b", "value": "6Q==", "base64": True}
    assert chunk_pairs({"b": b"\xe9"}) == [[binary | {"key": "b"}]]


def test_non_pairs_are_rejected() -> None:
    with pytest.raises(InvalidInputError):
        chunk_pairs([("k", "v")])


def test_chunk_keys_splits_and_a_single_string_is_one_key() -> None:
    assert [c.size for c in key_chunks([str(i) for i in range(25)], max_items=10)] == [10, 10, 5]
    assert [json.loads(c.payload) for c in key_chunks("abc")] == [["abc"]]


def test_merge_sums_counts_and_failed_keys() -> None:
    merged = merge_results(
        [
            ChunkOutcome(0, 0, 2, {"successful_key_count": 2, "unsuccessful_keys": ["x"]}),
            ChunkOutcome(1, 2, 1, None),
            ChunkOutcome(2, 3, 3, {"successful_key_count": 3, "unsuccessful_keys": []}),
        ]
    )
    assert (merged.requests, merged.key_count) == (3, 6)
    assert merged.successful_key_count == 5
    assert merged.unsuccessful_keys == ("x",)
