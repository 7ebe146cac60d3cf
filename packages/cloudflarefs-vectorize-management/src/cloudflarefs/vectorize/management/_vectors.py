"""Vectors as Python values, their checks, and their ndjson encoding (pure).

Insert and upsert send ``application/x-ndjson``: one JSON object per line. Everything is
validated before the first request, and batches are split at the HTTP API's limits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any, TypeAlias

import attrs

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_VECTORS",
    "MAX_DIMENSIONS",
    "MAX_ID_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_NAMESPACE_BYTES",
    "EncodedBatches",
    "Vector",
    "VectorInput",
    "check_query_vector",
    "check_top_k",
    "encode_batches",
    "to_vector",
]

MAX_DIMENSIONS = 1536
"""Most dimensions a vector may have."""
MAX_ID_BYTES = 64
"""Longest vector id, in UTF-8 bytes."""
MAX_NAMESPACE_BYTES = 64
"""Longest namespace name, in UTF-8 bytes."""
MAX_METADATA_BYTES = 10 * 1024
"""Largest metadata of one vector, serialized as JSON (its UTF-8 bytes, as sent)."""
MAX_BATCH_VECTORS = 5000
"""Most vectors in one HTTP insert/upsert request."""
MAX_BATCH_BYTES = 100 * 1000 * 1000
"""Largest ndjson body of one request."""


@attrs.frozen(kw_only=True)
class Vector:
    """One vector to insert or upsert.

    Example:
        >>> Vector(id="doc-1", values=[0.1, 0.2, 0.3], metadata={"url": "/a"})  # doctest: +ELLIPSIS
        Vector(id='doc-1', ...)
    """

    id: str
    """Unique id within the index (at most 64 bytes)."""
    values: Sequence[float]
    """The embedding; every vector of a batch has the same length."""
    metadata: Mapping[str, Any] | None = None
    """JSON-serializable metadata (at most 10 KiB serialized)."""
    namespace: str | None = None
    """Optional namespace (at most 64 bytes)."""


VectorInput: TypeAlias = Vector | Mapping[str, Any]
"""A :class:`Vector` or a dict ``{"id", "values", "metadata"?, "namespace"?}``."""

_KEYS = frozenset({"id", "values", "metadata", "namespace"})
# Built once: json.dumps with any option builds a new encoder per call. Lines are UTF-8 and
# not ASCII-escaped; metadata is measured as it is sent.
_LINE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_float_repr = float.__repr__  # what JSON encoders write for a finite float
_json_str = encode_basestring  # a str as a JSON string, not ASCII-escaped (json's C helper)


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _where(at: int | str, vid: object = None) -> str:
    # Built only for an error message: most vectors never need one. ``at``: the vector's
    # index in the batch, or a label ("query vector").
    if isinstance(at, str):
        return at
    return f"vector #{at}" if vid is None else f"vector #{at} ({vid!r})"


def _finite_floats(values: Sequence[Any]) -> list[float] | None:
    """``values`` as floats when all are finite floats or ints (checked in C, not per item
    in Python), else ``None`` (the item-by-item check then says what is wrong)."""
    kinds = set(map(type, values))
    if not kinds <= {float, int}:  # bool is its own type: refused below
        return None
    try:
        out = list(values) if kinds == {float} else [float(v) for v in values]
        # Every partial sum of finite values is finite or overflows (OverflowError); one
        # inf or nan anywhere makes the total inf or nan.
        return out if math.isfinite(math.fsum(out)) else None
    except OverflowError:
        return None


def _check_values(values: object, index: int | str, vid: object = None) -> list[float]:
    if type(values) is not list and (
        isinstance(values, str | bytes) or not isinstance(values, Sequence)
    ):
        raise InvalidInputError(f"{_where(index, vid)}: values must be a sequence of numbers")
    fast = _finite_floats(values)  # pyright: ignore[reportUnknownArgumentType]
    if fast is not None and 0 < len(fast) <= MAX_DIMENSIONS:
        return fast
    out: list[float] = []
    for v in values:  # pyright: ignore[reportUnknownVariableType]
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InvalidInputError(
                f"{_where(index, vid)}: values must be finite numbers, got {v!r}"
            )
        out.append(float(v))
    if not out or len(out) > MAX_DIMENSIONS:
        raise InvalidInputError(
            f"{_where(index, vid)}: a vector has 1 to {MAX_DIMENSIONS} dimensions"
        )
    return out


def _check_metadata(metadata: object, index: int, vid: str) -> str | None:
    """The metadata as the JSON text sent (``None`` when there is none), once checked."""
    if metadata is None:
        return None
    if type(metadata) is not dict and not isinstance(metadata, Mapping):
        raise InvalidInputTypeError(f"{_where(index, vid)}: metadata must be a mapping")
    for key in metadata:  # pyright: ignore[reportUnknownVariableType]
        # Documented key rules: not empty, no '.', no '"', no leading '$'.
        if not isinstance(key, str) or not key or "." in key or '"' in key or key.startswith("$"):
            raise InvalidInputError(f"{_where(index, vid)}: invalid metadata key {key!r}")
    try:
        text = _LINE.encode(metadata)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"{_where(index, vid)}: metadata is not JSON-serializable: {exc}"
        ) from None
    size = len(text) if text.isascii() else _utf8_len(text)
    if size > MAX_METADATA_BYTES:
        raise InvalidInputError(
            f"{_where(index, vid)}: metadata is {size} bytes, over {MAX_METADATA_BYTES}"
        )
    return text


_Checked: TypeAlias = tuple[str, list[float], Any, str | None, str | None]
"""A validated vector: id, values, metadata as given, metadata as JSON text, namespace."""


def _checked(value: VectorInput, index: int) -> _Checked:
    """One vector validated (``index`` names it in errors), its metadata encoded once."""
    raw: Mapping[str, Any]
    if isinstance(value, Vector):
        raw = attrs.asdict(value, recurse=False)
    elif isinstance(value, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raw = value
        if not raw.keys() <= _KEYS:
            unknown = set(raw) - _KEYS
            raise InvalidInputError(f"{_where(index)}: unknown keys {sorted(unknown)}")
    else:
        raise InvalidInputTypeError(
            f"{_where(index)}: expected a Vector or a dict, got {type(value).__name__}"
        )
    vid = raw.get("id")
    if not isinstance(vid, str) or not vid or _utf8_len(vid) > MAX_ID_BYTES:
        raise InvalidInputError(f"{_where(index)}: id must be a 1 to {MAX_ID_BYTES} byte string")
    namespace = raw.get("namespace")
    if namespace is not None and (
        not isinstance(namespace, str)
        or not namespace
        or _utf8_len(namespace) > MAX_NAMESPACE_BYTES
    ):
        raise InvalidInputError(
            f"{_where(index)}: namespace must be a 1 to {MAX_NAMESPACE_BYTES} byte string"
        )
    metadata = raw.get("metadata")
    text = _check_metadata(metadata, index, vid)
    return vid, _check_values(raw.get("values"), index, vid), metadata, text, namespace


def to_vector(value: VectorInput, index: int = 0) -> Vector:
    """A validated :class:`Vector` from a Vector or a dict (``index`` names it in errors)."""
    vid, values, metadata, _, namespace = _checked(value, index)
    return Vector(id=vid, values=values, metadata=metadata, namespace=namespace)


def _line(checked: _Checked) -> bytes:
    # The JSON object written piece by piece (what ``_LINE.encode`` of the dict gives, without
    # building the dict): the values are finite floats, written as ``repr`` writes them.
    vid, values, _, metadata, namespace = checked
    parts = ['{"id":', _json_str(vid), ',"values":[', ",".join(map(_float_repr, values))]
    if metadata is not None:
        parts += ['],"metadata":', metadata]
    else:
        parts.append("]")
    if namespace is not None:
        parts += [',"namespace":', _json_str(namespace)]
    parts.append("}\n")
    return "".join(parts).encode("utf-8")


class EncodedBatches:
    """Checked vectors, encoded into ndjson request bodies one batch at a time as iterated.

    Only the batch being sent is held as bytes (encoding all of them first held the whole
    input twice). Iterate once per request loop; each iteration encodes afresh.
    """

    def __init__(self, checked: list[_Checked]) -> None:
        self._checked = checked

    @property
    def vector_count(self) -> int:
        """How many vectors the batches hold."""
        return len(self._checked)

    def __iter__(self) -> Iterator[bytes]:
        current: list[bytes] = []
        size = 0
        for line in map(_line, self._checked):
            if current and (
                len(current) >= MAX_BATCH_VECTORS or size + len(line) > MAX_BATCH_BYTES
            ):
                yield b"".join(current)
                current, size = [], 0
            current.append(line)
            size += len(line)
        yield b"".join(current)


def encode_batches(vectors: Iterable[VectorInput]) -> EncodedBatches:
    """Validate every vector now; the result encodes them as ndjson bodies within the
    request limits (5,000 vectors, 100 MB) as it is iterated.

    Raises:
        InvalidInputError: no vectors, a bad vector, or differing dimensions.
    """
    checked = [_checked(v, i) for i, v in enumerate(vectors)]
    if not checked:
        raise InvalidInputError("pass at least one vector")
    dims = len(checked[0][1])
    for i, (vid, values, *_) in enumerate(checked):
        if len(values) != dims:
            raise InvalidInputError(
                f"vector #{i} ({vid!r}) has {len(values)} dimensions, "
                f"vector #0 has {dims}: every vector of a batch must match"
            )
    return EncodedBatches(checked)


def check_query_vector(vector: Sequence[float]) -> list[float]:
    """A query vector as a list of finite floats."""
    return _check_values(vector, "query vector")


def check_top_k(top_k: int | None, *, with_payload: bool) -> None:
    """``top_k`` within 1..100, or 1..20 when values or metadata are returned."""
    if top_k is None:
        return
    limit = 20 if with_payload else 100
    if isinstance(top_k, bool) or not 1 <= top_k <= limit:
        raise InvalidInputError(
            f"top_k must be 1 to {limit}"
            + (" when returning values or metadata" if with_payload else "")
            + f", got {top_k!r}"
        )
