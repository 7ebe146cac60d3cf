"""Analytics Engine's documented write limits, checked before any JS call.

Source for every limit below: https://developers.cloudflare.com/analytics/analytics-engine/limits/
("up to twenty blobs, twenty doubles, and one index per call to writeDataPoint"; "the total size
of all blobs ... must not exceed 16 KB" (raised from 5 KB on 2025-06-20, see the changelog entry
"Increased blob size limits in Workers Analytics Engine"); "each index must not be more than 96
bytes").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError

MAX_BLOBS: Final = 20
"""Blobs per data point."""
MAX_DOUBLES: Final = 20
"""Doubles per data point."""
MAX_INDEXES: Final = 1
"""Indexes per data point."""
MAX_INDEX_BYTES: Final = 96
"""Bytes in one index (UTF-8 for strings)."""
MAX_BLOB_BYTES: Final = 16 * 1024
"""Total bytes of all blobs of one data point (UTF-8 for strings). The docs say "16 KB"; we
read that as KiB, the larger of the two readings, so we never reject what Cloudflare accepts."""

Blob = str | bytes | None
"""A blob or index value: text, raw bytes, or ``None`` (JS ``null``, an empty slot)."""


@attrs.frozen
class DataPoint:
    """One validated data point, ready to cross into JS."""

    blobs: tuple[Blob, ...] = ()
    doubles: tuple[float, ...] = ()
    indexes: tuple[Blob, ...] = ()


def _size(value: object, what: str) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(f"{what} must be str, bytes or None, got {type(value).__name__}")


def build_data_point(
    *,
    blobs: Sequence[Blob] = (),
    doubles: Sequence[float] = (),
    indexes: Sequence[Blob] = (),
) -> DataPoint:
    """Validate the three fields against the documented limits and freeze them.

    Raises :class:`~cloudflarefs.core.InvalidInputError` naming the broken limit.
    """
    for name, seq in (("blobs", blobs), ("doubles", doubles), ("indexes", indexes)):
        if isinstance(seq, str | bytes):
            raise InvalidInputTypeError(
                f"{name} must be a sequence of values, not a single {type(seq).__name__}"
            )
    if len(blobs) > MAX_BLOBS:
        raise InvalidInputError(f"at most {MAX_BLOBS} blobs per data point, got {len(blobs)}")
    if len(doubles) > MAX_DOUBLES:
        raise InvalidInputError(f"at most {MAX_DOUBLES} doubles per data point, got {len(doubles)}")
    if len(indexes) > MAX_INDEXES:
        raise InvalidInputError(f"at most {MAX_INDEXES} index per data point, got {len(indexes)}")
    total = sum(_size(b, f"blobs[{i}]") for i, b in enumerate(blobs))
    if total > MAX_BLOB_BYTES:
        raise InvalidInputError(
            f"blobs total {total} bytes, over the {MAX_BLOB_BYTES}-byte limit per data point"
        )
    for i, index in enumerate(indexes):
        if (size := _size(index, f"indexes[{i}]")) > MAX_INDEX_BYTES:
            raise InvalidInputError(f"index is {size} bytes, over the {MAX_INDEX_BYTES}-byte limit")
    for i, d in enumerate[object](doubles):
        if isinstance(d, bool) or not isinstance(d, int | float):
            raise InvalidInputTypeError(f"doubles[{i}] must be a number, got {type(d).__name__}")
    return DataPoint(
        blobs=tuple(bytes(b) if isinstance(b, bytearray | memoryview) else b for b in blobs),
        doubles=tuple(float(d) for d in doubles),
        indexes=tuple(bytes(b) if isinstance(b, bytearray | memoryview) else b for b in indexes),
    )
