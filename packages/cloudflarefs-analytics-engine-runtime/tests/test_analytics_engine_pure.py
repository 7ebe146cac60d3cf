"""Host-CPython tests: limits, and ``write_data_point`` against a recording double.

The double is a plain Python object with ``writeDataPoint``; the codec backend is swapped for one
that builds plain Python values, so the test sees exactly what would cross into JS.
"""

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from cloudflarefs.analytics_engine.runtime import (
    MAX_BLOB_BYTES,
    AnalyticsEngineDataset,
    DataPoint,
    build_data_point,
)
from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import use_backend

JSNULL = object()


class PlainBackend:
    """A codec backend whose "JS values" are plain Python dicts, lists and bytes."""

    jsnull = JSNULL

    def is_js(self, value: Any) -> bool:
        return False

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        return dict(entries)

    def new_array(self, items: Sequence[Any]) -> Any:
        return list(items)

    def new_uint8array(self, data: bytes) -> Any:
        return ("Uint8Array", data)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        raise AssertionError(f"unexpected backend call {name}")


class RecordingDataset:
    def __init__(self) -> None:
        self.points: list[Any] = []

    def writeDataPoint(self, point: Any) -> None:
        self.points.append(point)


def test_write_data_point_sends_the_converted_point() -> None:
    double = RecordingDataset()
    with use_backend(PlainBackend()):  # type: ignore[arg-type]
        ae = AnalyticsEngineDataset(double)
        ae.write_data_point(blobs=["a", None, bytearray(b"\x00")], doubles=[3], indexes=["k"])
        with pytest.raises(InvalidInputError, match="20 blobs"):
            ae.write_data_point(blobs=["b"] * 21)
    assert double.points == [
        {
            "blobs": ["a", JSNULL, ("Uint8Array", b"\x00")],
            "doubles": [3.0],
            "indexes": ["k"],
        }
    ]


def test_limits() -> None:
    assert build_data_point() == DataPoint()
    point = build_data_point(blobs=["é"], doubles=[1], indexes=[b"i" * 96])
    assert point == DataPoint(blobs=("é",), doubles=(1.0,), indexes=(b"i" * 96,))
    assert isinstance(point.doubles[0], float)
    build_data_point(blobs=["x" * (MAX_BLOB_BYTES - 2), "é"])  # exactly the limit
    cases: list[tuple[dict[str, Any], str]] = [
        ({"blobs": ["x"] * 21}, "20 blobs"),
        ({"doubles": [0.0] * 21}, "20 doubles"),
        ({"indexes": ["a", "b"]}, "1 index"),
        ({"indexes": [b"i" * 97]}, "96-byte"),
        ({"blobs": ["x" * (MAX_BLOB_BYTES - 1), "é"]}, "16384-byte"),
        ({"doubles": [False]}, "number"),
        ({"doubles": ["1"]}, "number"),
        ({"blobs": [1.5]}, "str, bytes or None"),
        ({"indexes": "abc"}, "sequence"),
    ]
    for kwargs, message in cases:
        with pytest.raises(InvalidInputError, match=message):
            build_data_point(**kwargs)


def test_constructor_needs_a_binding() -> None:
    with pytest.raises(InvalidInputError, match="binding"):
        AnalyticsEngineDataset(None)
