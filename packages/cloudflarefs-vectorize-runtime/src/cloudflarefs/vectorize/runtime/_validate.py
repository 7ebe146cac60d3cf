"""Input limits of the Vectorize binding, checked before any JS call."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, require_items
from cloudflarefs.vectorize.runtime._models import Vector

MAX_ID_BYTES = 64
MAX_VECTORS_PER_CALL = 1000
MAX_TOP_K = 100
MAX_TOP_K_WITH_VALUES = 50
MAX_METADATA_BYTES = 10 * 1024
SCALAR_OPERATORS = frozenset({"$eq", "$ne", "$lt", "$lte", "$gt", "$gte"})
LIST_OPERATORS = frozenset({"$in", "$nin"})


def check_id(value: object, where: str = "id") -> str:
    """A vector id: a non-empty str of at most 64 UTF-8 bytes."""
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"{where} must be a non-empty str, got {value!r}")
    if len(value.encode()) > MAX_ID_BYTES:
        raise InvalidInputError(f"{where} is over {MAX_ID_BYTES} bytes (UTF-8)")
    return value


def check_ids(ids: object) -> list[str]:
    """1..1000 ids."""
    items = require_items(ids, "ids")
    if not 1 <= len(items) <= MAX_VECTORS_PER_CALL:
        raise InvalidInputError(f"pass 1..{MAX_VECTORS_PER_CALL} ids, got {len(items)}")
    return [check_id(i, f"ids[{n}]") for n, i in enumerate(items)]


def check_values(values: object, dimensions: int | None, where: str) -> list[float]:
    """Finite numbers, as many as the index has dimensions."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidInputError(f"{where} must be a sequence of numbers")
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]
    out: list[float] = []
    for v in items:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InvalidInputError(f"{where} must hold finite numbers, got {v!r}")
        out.append(float(v))
    if not out:
        raise InvalidInputError(f"{where} is empty")
    if dimensions is not None and len(out) != dimensions:
        raise InvalidInputError(f"{where} has {len(out)} dimensions; the index has {dimensions}")
    return out


def _check_metadata(metadata: Mapping[str, object], where: str) -> None:
    for key, value in metadata.items():
        if not isinstance(key, str) or not key:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"{where}: metadata keys must be non-empty str")
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):  # pyright: ignore[reportUnknownVariableType]
                raise InvalidInputError(f"{where}: metadata list {key!r} must hold str only")
        elif not isinstance(value, str | int | float | bool):
            raise InvalidInputTypeError(
                f"{where}: metadata {key!r} must be str, number, bool or list of str"
            )


def vectors_to_wire(vectors: Sequence[Vector], dimensions: int | None) -> list[dict[str, Any]]:
    """Validated wire dicts for ``insert``/``upsert``."""
    if not 1 <= len(vectors) <= MAX_VECTORS_PER_CALL:
        raise InvalidInputError(f"pass 1..{MAX_VECTORS_PER_CALL} vectors, got {len(vectors)}")
    wire: list[dict[str, Any]] = []
    for n, vector in enumerate(vectors):
        if not isinstance(vector, Vector):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"vectors[{n}] must be a Vector, got {type(vector).__name__}"
            )
        where = f"vectors[{n}]"
        item: dict[str, Any] = {
            "id": check_id(vector.id, f"{where}.id"),
            "values": check_values(vector.values, dimensions, f"{where}.values"),
        }
        if vector.metadata is not None:
            _check_metadata(vector.metadata, where)
            item["metadata"] = dict(vector.metadata)
        if vector.namespace is not None:
            item["namespace"] = check_id(vector.namespace, f"{where}.namespace")
        wire.append(item)
    return wire


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def check_filter(filter: Mapping[str, object]) -> dict[str, Any]:
    """A metadata filter: ``{field: scalar | {"$op": value}}`` with known operators only."""
    if not isinstance(filter, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError("filter must be a mapping")
    out: dict[str, Any] = {}
    for field, condition in filter.items():
        if not isinstance(field, str) or not field or field.startswith("$"):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(
                f"filter field names must be non-empty and not start with $: {field!r}"
            )
        if _is_scalar(condition):
            out[field] = condition
            continue
        if not isinstance(condition, Mapping) or not condition:
            raise InvalidInputError(f"filter {field!r}: expected a scalar or {{'$op': value}}")
        ops: dict[str, Any] = {}
        spec: Mapping[Any, Any] = condition  # pyright: ignore[reportUnknownVariableType]
        for op, value in spec.items():  # pyright: ignore[reportUnknownVariableType]
            if op in SCALAR_OPERATORS:
                if not _is_scalar(value):
                    raise InvalidInputError(f"filter {field!r}: {op} takes a scalar")
            elif op in LIST_OPERATORS:
                listed: list[object] = list(value) if isinstance(value, list | tuple) else []  # pyright: ignore[reportUnknownArgumentType]
                if (listed == [] and not isinstance(value, list | tuple)) or not all(
                    _is_scalar(v) for v in listed
                ):
                    raise InvalidInputError(f"filter {field!r}: {op} takes a list of scalars")
                value = listed
            else:
                known = ", ".join(sorted(SCALAR_OPERATORS | LIST_OPERATORS))
                raise InvalidInputError(f"filter {field!r}: unknown operator {op!r} (use {known})")
            ops[str(op)] = value  # pyright: ignore[reportUnknownArgumentType]
        out[field] = ops
    return out


def check_top_k(top_k: object, heavy: bool) -> int:
    """1..100, or 1..50 when values or all metadata are returned."""
    limit = MAX_TOP_K_WITH_VALUES if heavy else MAX_TOP_K
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= limit:
        raise InvalidInputError(f"top_k must be an int in 1..{limit}, got {top_k!r}")
    return top_k
