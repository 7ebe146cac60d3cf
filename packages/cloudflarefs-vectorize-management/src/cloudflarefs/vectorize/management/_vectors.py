"""Vectors as Python values, their checks, and their ndjson encoding (pure).

Insert and upsert send ``application/x-ndjson``: one JSON object per line. Everything is
validated before the first request, and batches are split at the HTTP API's limits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
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
"""Largest metadata of one vector, serialized as JSON."""
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
# Built once: json.dumps with any option builds a new encoder per call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
_LINE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


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


def _check_values(values: object, where: str) -> list[float]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidInputError(f"{where}: values must be a sequence of numbers")
    fast = _finite_floats(values)  # pyright: ignore[reportUnknownArgumentType]
    if fast is not None and 0 < len(fast) <= MAX_DIMENSIONS:
        return fast
    out: list[float] = []
    for v in values:  # pyright: ignore[reportUnknownVariableType]
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InvalidInputError(f"{where}: values must be finite numbers, got {v!r}")
        out.append(float(v))
    if not out or len(out) > MAX_DIMENSIONS:
        raise InvalidInputError(f"{where}: a vector has 1 to {MAX_DIMENSIONS} dimensions")
    return out


def _check_metadata(metadata: object, where: str) -> Mapping[str, Any] | None:
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise InvalidInputTypeError(f"{where}: metadata must be a mapping")
    for key in metadata:  # pyright: ignore[reportUnknownVariableType]
        # Documented key rules: not empty, no '.', no '"', no leading '$'.
        if not isinstance(key, str) or not key or "." in key or '"' in key or key.startswith("$"):
            raise InvalidInputError(f"{where}: invalid metadata key {key!r}")
    try:
        size = len(_COMPACT.encode(metadata).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{where}: metadata is not JSON-serializable: {exc}") from None
    if size > MAX_METADATA_BYTES:
        raise InvalidInputError(f"{where}: metadata is {size} bytes, over {MAX_METADATA_BYTES}")
    return metadata  # pyright: ignore[reportUnknownVariableType]


def to_vector(value: VectorInput, index: int = 0) -> Vector:
    """A validated :class:`Vector` from a Vector or a dict (``index`` names it in errors)."""
    where = f"vector #{index}"
    if isinstance(value, Vector):
        raw: Mapping[str, Any] = attrs.asdict(value, recurse=False)
    elif isinstance(value, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        unknown = set(value) - _KEYS
        if unknown:
            raise InvalidInputError(f"{where}: unknown keys {sorted(unknown)}")
        raw = value
    else:
        raise InvalidInputTypeError(
            f"{where}: expected a Vector or a dict, got {type(value).__name__}"
        )
    vid = raw.get("id")
    if not isinstance(vid, str) or not vid or _utf8_len(vid) > MAX_ID_BYTES:
        raise InvalidInputError(f"{where}: id must be a 1 to {MAX_ID_BYTES} byte string")
    namespace = raw.get("namespace")
    if namespace is not None and (
        not isinstance(namespace, str)
        or not namespace
        or _utf8_len(namespace) > MAX_NAMESPACE_BYTES
    ):
        raise InvalidInputError(
            f"{where}: namespace must be a 1 to {MAX_NAMESPACE_BYTES} byte string"
        )
    return Vector(
        id=vid,
        values=_check_values(raw.get("values"), f"{where} ({vid!r})"),
        metadata=_check_metadata(raw.get("metadata"), f"{where} ({vid!r})"),
        namespace=namespace,
    )


def _line(vector: Vector) -> bytes:
    obj: dict[str, Any] = {"id": vector.id, "values": list(vector.values)}
    if vector.metadata is not None:
        obj["metadata"] = dict(vector.metadata)
    if vector.namespace is not None:
        obj["namespace"] = vector.namespace
    return _LINE.encode(obj).encode("utf-8") + b"\n"


def encode_batches(vectors: Iterable[VectorInput]) -> list[bytes]:
    """Validate every vector, then encode them as ndjson bodies within the request limits.

    Raises:
        InvalidInputError: no vectors, a bad vector, or differing dimensions.
    """
    checked = [to_vector(v, i) for i, v in enumerate(vectors)]
    if not checked:
        raise InvalidInputError("pass at least one vector")
    dims = len(checked[0].values)
    for i, vector in enumerate(checked):
        if len(vector.values) != dims:
            raise InvalidInputError(
                f"vector #{i} ({vector.id!r}) has {len(vector.values)} dimensions, "
                f"vector #0 has {dims}: every vector of a batch must match"
            )
    batches: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for line in map(_line, checked):
        if current and (len(current) >= MAX_BATCH_VECTORS or size + len(line) > MAX_BATCH_BYTES):
            batches.append(b"".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
    batches.append(b"".join(current))
    return batches


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
