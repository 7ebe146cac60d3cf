"""Typed values of the Vectorize (v2) binding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

MetadataValue = str | int | float | bool | list[str]
"""A metadata value Vectorize stores."""
ReturnMetadata = Literal["none", "indexed", "all"]
"""How much metadata ``query`` returns."""


@attrs.frozen(kw_only=True)
class Vector:
    """A vector to insert or upsert, or one returned by ``get_by_ids``."""

    id: str
    values: tuple[float, ...] = attrs.field(converter=tuple)
    metadata: Mapping[str, MetadataValue] | None = None
    namespace: str | None = None


@attrs.frozen(kw_only=True)
class VectorizeMatch:
    """One ``query`` match; ``values``/``metadata`` are ``None`` unless requested."""

    id: str
    score: float
    values: tuple[float, ...] | None = None
    metadata: dict[str, Any] | None = None
    namespace: str | None = None


@attrs.frozen(kw_only=True)
class VectorizeMatches:
    """A ``query`` result."""

    matches: tuple[VectorizeMatch, ...]
    count: int


@attrs.frozen(kw_only=True)
class VectorizeIndexInfo:
    """``describe()``: the index's dimensions, vector count and mutation watermark."""

    dimensions: int
    vector_count: int
    processed_up_to_datetime: dt.datetime | None = None
    processed_up_to_mutation: str | None = None


@attrs.frozen(kw_only=True)
class MutationResult:
    """An asynchronous mutation: poll ``describe().processed_up_to_mutation`` to see it land."""

    mutation_id: str


def _floats(raw: object) -> tuple[float, ...] | None:
    if isinstance(raw, bytes):  # a Float32Array crossed as bytes is not expected; ignore
        return None
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        return tuple(float(v) for v in raw)  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
    return None


def _opt_str(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def match_from_py(raw: Mapping[str, Any]) -> VectorizeMatch:
    """Structure one converted match."""
    metadata = raw.get("metadata")
    return VectorizeMatch(
        id=str(raw["id"]),
        score=float(raw.get("score", 0.0)),
        values=_floats(raw.get("values")),
        metadata=dict(metadata) if isinstance(metadata, Mapping) else None,  # pyright: ignore[reportUnknownArgumentType]
        namespace=_opt_str(raw.get("namespace")),
    )


def matches_from_py(raw: Mapping[str, Any]) -> VectorizeMatches:
    """Structure a converted ``query`` result."""
    matches = tuple(match_from_py(m) for m in raw.get("matches") or ())
    count = raw.get("count")
    return VectorizeMatches(
        matches=matches, count=int(count) if count is not None else len(matches)
    )


def vector_from_py(raw: Mapping[str, Any]) -> Vector:
    """Structure a converted stored vector."""
    metadata = raw.get("metadata")
    return Vector(
        id=str(raw["id"]),
        values=_floats(raw.get("values")) or (),
        metadata=dict(metadata) if isinstance(metadata, Mapping) else None,  # pyright: ignore[reportUnknownArgumentType]
        namespace=_opt_str(raw.get("namespace")),
    )


def info_from_py(raw: Mapping[str, Any]) -> VectorizeIndexInfo:
    """Structure a converted V2 ``describe()`` result."""
    when = raw.get("processedUpToDatetime")
    if isinstance(when, int | float) and not isinstance(when, bool):
        when = dt.datetime.fromtimestamp(when / 1000, tz=dt.UTC)
    elif isinstance(when, str):
        when = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    mutation = raw.get("processedUpToMutation")
    return VectorizeIndexInfo(
        dimensions=int(raw["dimensions"]),
        vector_count=int(raw.get("vectorCount") or 0),
        processed_up_to_datetime=when if isinstance(when, dt.datetime) else None,
        processed_up_to_mutation=None if mutation is None else str(mutation),
    )
