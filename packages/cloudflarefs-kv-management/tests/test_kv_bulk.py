"""The pure bulk helpers: wire items and chunking by count and by serialized size."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core.converter import unstructure
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.kv.management import MAX_BULK_BYTES, MAX_BULK_ITEMS, KVPair
from cloudflarefs.kv.management._bulk import chunk_keys, chunk_pairs, merge_results, to_wire_items


def body_size(chunk: list[object]) -> int:
    # The widest serialization httpx may use (", " separators, ASCII escapes).
    return len(json.dumps(unstructure(chunk)).encode())


def test_limits_are_the_documented_ones() -> None:
    assert MAX_BULK_ITEMS == 10_000
    assert MAX_BULK_BYTES == 100_000_000


@given(
    values=st.lists(st.text(max_size=300), min_size=1, max_size=60),
    max_bytes=st.integers(min_value=700, max_value=5_000),
    max_items=st.integers(min_value=1, max_value=20),
)
def test_chunks_respect_both_limits_and_keep_order(
    values: list[str], max_bytes: int, max_items: int
) -> None:
    items = to_wire_items([KVPair(key=f"k{i}", value=v) for i, v in enumerate(values)])
    chunks = chunk_pairs(items, max_items=max_items, max_bytes=max_bytes)
    assert [i for c in chunks for i in c] == items
    for chunk in chunks:
        assert 1 <= len(chunk) <= max_items
        assert body_size(list(chunk)) <= max_bytes


def test_size_limit_splits_before_the_count_limit() -> None:
    items = to_wire_items({f"k{i}": "x" * 100 for i in range(10)})
    one = body_size([items[0]])
    chunks = chunk_pairs(items, max_bytes=3 * one + 6)  # brackets, three items, two ", "
    assert [len(c) for c in chunks] == [3, 3, 3, 1]


def test_an_item_larger_than_a_request_is_rejected() -> None:
    items = to_wire_items({"big": "x" * 2_000})
    with pytest.raises(InvalidInputError, match="request limit"):
        chunk_pairs(items, max_bytes=1_000)


def test_bytes_values_are_base64_and_str_values_are_not() -> None:
    text, binary = to_wire_items([KVPair(key="t", value="é"), KVPair(key="b", value=b"\xe9")])
    assert unstructure(text) == {"key": "t", "value": "é"}
    assert unstructure(binary) == {"key": "b", "value": "6Q==", "base64": True}


def test_non_pairs_are_rejected() -> None:
    with pytest.raises(InvalidInputError):
        to_wire_items([("k", "v")])  # type: ignore[list-item]


def test_chunk_keys_splits_and_a_single_string_is_one_key() -> None:
    assert [len(c) for c in chunk_keys([str(i) for i in range(25)], max_items=10)] == [10, 10, 5]
    assert chunk_keys("abc") == [["abc"]]


def test_merge_sums_counts_and_failed_keys() -> None:
    merged = merge_results(
        [
            {"successful_key_count": 2, "unsuccessful_keys": ["x"]},
            None,
            {"successful_key_count": 3, "unsuccessful_keys": []},
        ],
        6,
    )
    assert (merged.requests, merged.key_count) == (3, 6)
    assert merged.successful_key_count == 5
    assert merged.unsuccessful_keys == ("x",)
