"""The ndjson encoding of vectors: written piece by piece, it must be exactly what
``json.dumps`` of each vector's object gives, for any valid input (hypothesis)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.vectorize.management import Vector
from cloudflarefs.vectorize.management._vectors import (
    MAX_BATCH_VECTORS,
    MAX_METADATA_BYTES,
    encode_batches,
)

texts = st.text(min_size=1, max_size=12)  # any code point: quotes, controls, non-ASCII
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
metadata_keys = st.text(min_size=1, max_size=6).filter(
    lambda k: "." not in k and '"' not in k and not k.startswith("$")
)
vectors = st.fixed_dictionaries(
    {
        "id": texts.filter(lambda s: len(s.encode()) <= 64),
        "values": st.lists(
            st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**60), 2**60),
            min_size=3,
            max_size=3,
        ),
    },
    optional={
        "metadata": st.dictionaries(metadata_keys, json_values, max_size=4),
        "namespace": texts.filter(lambda s: len(s.encode()) <= 64),
    },
)


def _expected(vector: dict[str, Any]) -> bytes:
    # The order sent: id, values, then metadata and namespace when given.
    obj: dict[str, Any] = {"id": vector["id"], "values": [float(v) for v in vector["values"]]}
    obj |= {k: vector[k] for k in ("metadata", "namespace") if k in vector}
    return (json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(batch=st.lists(vectors, min_size=1, max_size=5))
def test_lines_are_what_json_dumps_writes(batch: list[dict[str, Any]]) -> None:
    encoded = b"".join(encode_batches(batch))
    assert encoded == b"".join(_expected(v) for v in batch)
    assert [json.loads(line) for line in encoded.splitlines()] == [
        json.loads(_expected(v)) for v in batch
    ]


def test_vectors_and_dicts_encode_alike() -> None:
    as_dict = {"id": "a", "values": [1, 2.5, -0.0], "metadata": {"k": "é"}, "namespace": "n"}
    assert b"".join(encode_batches([Vector(**as_dict)])) == b"".join(encode_batches([as_dict]))


def test_every_vector_is_checked_before_the_first_batch_is_encoded() -> None:
    good = [{"id": f"v{i}", "values": [1.0, 2.0]} for i in range(MAX_BATCH_VECTORS + 1)]
    with pytest.raises(InvalidInputError, match=r"vector #5001"):
        encode_batches([*good, {"id": "bad", "values": [1.0]}])
    batches = encode_batches(good)
    assert batches.vector_count == MAX_BATCH_VECTORS + 1
    assert [b.count(b"\n") for b in batches] == [MAX_BATCH_VECTORS, 1]


def test_metadata_is_snapshotted_when_checked() -> None:
    # Batches are encoded as they are sent; a change made meanwhile must not reach the wire.
    metadata: dict[str, Any] = {"n": 1}
    values = [1.0, 2.0]
    batches = encode_batches([{"id": "a", "values": values, "metadata": metadata}])
    metadata["n"] = 2
    values.append(3.0)
    assert b"".join(batches) == b'{"id":"a","values":[1.0,2.0],"metadata":{"n":1}}\n'


def test_metadata_size_is_counted_in_utf8_as_sent() -> None:
    # 3,413 three-byte characters: 10,239 bytes of text, 10,248 with '{"k":""}'.
    over = {"k": "日" * 3413}
    with pytest.raises(InvalidInputError, match=f"over {MAX_METADATA_BYTES}"):
        encode_batches([{"id": "a", "values": [1.0], "metadata": over}])
    under = {"k": "日" * 3410}  # 10,230 + 8 = 10,238 bytes
    assert encode_batches([{"id": "a", "values": [1.0], "metadata": under}]).vector_count == 1
