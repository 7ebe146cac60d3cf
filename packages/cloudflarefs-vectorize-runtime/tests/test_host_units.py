"""Host CPython unit tests: filter and vector validation, and result structuring."""

from __future__ import annotations

import datetime as dt

import pytest

from cloudflarefs.core import InvalidInputError
from cloudflarefs.vectorize.runtime import Vector, check_filter
from cloudflarefs.vectorize.runtime._models import info_from_py, matches_from_py
from cloudflarefs.vectorize.runtime._validate import vectors_to_wire


def test_filter_accepts_every_documented_operator() -> None:
    spec = {
        "genre": "drama",
        "missing": None,
        "a": {"$eq": 1, "$ne": None},
        "b": {"$lt": 1, "$lte": 2, "$gt": 0, "$gte": 0.5},
        "c": {"$in": ["x", 1, True], "$nin": ("y",)},
    }
    out = check_filter(spec)
    assert out["c"] == {"$in": ["x", 1, True], "$nin": ["y"]}
    assert out["missing"] is None


@pytest.mark.parametrize(
    "spec",
    [
        {"g": {"$regex": "x"}},
        {"g": {"$in": "x"}},
        {"g": {"$in": [[1]]}},
        {"g": {"$eq": {"nested": 1}}},
        {"g": {}},
        {"$and": 1},
        {"": 1},
        {"g": [1, 2]},
    ],
)
def test_filter_rejects(spec: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError):
        check_filter(spec)


def test_vectors_to_wire_checks_dimensions_and_metadata() -> None:
    wire = vectors_to_wire([Vector(id="a", values=[1, 2], metadata={"t": ["x"]}, namespace="n")], 2)
    assert wire == [{"id": "a", "values": [1.0, 2.0], "metadata": {"t": ["x"]}, "namespace": "n"}]
    with pytest.raises(InvalidInputError, match="3 dimensions; the index has 2"):
        vectors_to_wire([Vector(id="a", values=[1, 2, 3])], 2)
    with pytest.raises(InvalidInputError, match="metadata list"):
        vectors_to_wire([Vector(id="a", values=[1], metadata={"t": [1]})], None)  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match="finite"):
        vectors_to_wire([Vector(id="a", values=[True])], None)


def test_structuring_from_documented_shapes() -> None:
    # Shapes of the v2 responses in developers.cloudflare.com/vectorize (query, describe).
    matches = matches_from_py(
        {
            "count": 1,
            "matches": [
                {"id": "5", "score": 0.999909486, "values": [58, 6, 3], "metadata": {"url": "/x"}}
            ],
        }
    )
    assert matches.matches[0].values == (58.0, 6.0, 3.0) and matches.count == 1
    assert matches.matches[0].metadata == {"url": "/x"} and matches.matches[0].namespace is None
    info = info_from_py(
        {
            "dimensions": 32,
            "vectorCount": 1000,
            "processedUpToDatetime": "2024-07-19T13:11:44.000Z",
            "processedUpToMutation": "5abc",
        }
    )
    assert info.processed_up_to_datetime == dt.datetime(2024, 7, 19, 13, 11, 44, tzinfo=dt.UTC)
    assert (info.dimensions, info.vector_count, info.processed_up_to_mutation) == (32, 1000, "5abc")
