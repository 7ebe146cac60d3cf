"""``VectorizeIndex``: the typed façade over a Vectorize (v2) binding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import from_js, invoke_js, to_js
from cloudflarefs.vectorize.runtime._models import (
    MutationResult,
    ReturnMetadata,
    Vector,
    VectorizeIndexInfo,
    VectorizeMatches,
    info_from_py,
    matches_from_py,
    vector_from_py,
)
from cloudflarefs.vectorize.runtime._validate import (
    check_filter,
    check_id,
    check_ids,
    check_top_k,
    check_values,
    vectors_to_wire,
)

_RETURN_METADATA = ("none", "indexed", "all")


def _dict(raw: object, what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ResponseDecodeError(f"expected {what} object, got {type(raw).__name__}")
    return raw  # pyright: ignore[reportUnknownVariableType]


class VectorizeIndex:
    """A Vectorize index binding: ``index = VectorizeIndex(env.VECTORIZE, dimensions=768)``.

    Vector lengths are checked before each call. Pass ``dimensions=`` if you know it; otherwise
    the first call that needs it runs ``describe()`` once and caches the answer.
    """

    __slots__ = ("_dimensions", "_js")

    def __init__(self, binding: Any, *, dimensions: int | None = None) -> None:
        if binding is None:
            raise InvalidInputError(
                "VectorizeIndex needs a Vectorize binding (env.<NAME>), got None"
            )
        if dimensions is not None and (
            isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions < 1  # pyright: ignore[reportUnnecessaryIsInstance]
        ):
            raise InvalidInputError(f"dimensions must be a positive int, got {dimensions!r}")
        self._js: Any = binding
        self._dimensions = dimensions

    def __repr__(self) -> str:
        return f"VectorizeIndex(<binding>, dimensions={self._dimensions})"

    async def dimensions(self) -> int:
        """The index's dimensions (given at construction, else learned from ``describe()``)."""
        if self._dimensions is None:
            self._dimensions = (await self.describe()).dimensions
        return self._dimensions

    async def describe(self) -> VectorizeIndexInfo:
        """Dimensions, vector count and the last processed mutation."""
        raw = from_js(await invoke_js(self._js.describe), objects="all")
        info = info_from_py(_dict(raw, "index info"))
        self._dimensions = info.dimensions
        return info

    async def _mutate(self, method: str, vectors: Sequence[Vector]) -> MutationResult:
        if isinstance(vectors, Vector):
            raise InvalidInputError(f"{method} takes a list of Vector; wrap a single one in [...]")
        wire = vectors_to_wire(vectors, None)
        dims = await self.dimensions()
        wire = vectors_to_wire(vectors, dims)
        js_vectors = to_js(wire)
        raw = from_js(await invoke_js(getattr(self._js, method), js_vectors), objects="all")
        return MutationResult(mutation_id=str(_dict(raw, "mutation")["mutationId"]))

    async def insert(self, vectors: Sequence[Vector]) -> MutationResult:
        """Insert 1..1000 vectors (an existing id is an error, reported asynchronously)."""
        return await self._mutate("insert", vectors)

    async def upsert(self, vectors: Sequence[Vector]) -> MutationResult:
        """Insert or replace 1..1000 vectors."""
        return await self._mutate("upsert", vectors)

    def _query_options(
        self,
        top_k: int,
        return_values: bool,
        return_metadata: ReturnMetadata,
        namespace: str | None,
        filter: Mapping[str, object] | None,
    ) -> Any:
        if return_metadata not in _RETURN_METADATA:
            raise InvalidInputError(
                f"return_metadata must be one of {_RETURN_METADATA}, got {return_metadata!r}"
            )
        heavy = bool(return_values) or return_metadata == "all"
        options: dict[str, Any] = {
            "topK": check_top_k(top_k, heavy),
            "returnValues": bool(return_values),
            "returnMetadata": return_metadata,
        }
        if namespace is not None:
            options["namespace"] = check_id(namespace, "namespace")
        if filter is not None:
            options["filter"] = check_filter(filter)
        return to_js(options, none_as="null")  # a null filter value matches missing fields

    async def query(
        self,
        vector: Sequence[float],
        *,
        top_k: int = 5,
        return_values: bool = False,
        return_metadata: ReturnMetadata = "none",
        namespace: str | None = None,
        filter: Mapping[str, object] | None = None,
    ) -> VectorizeMatches:
        """The ``top_k`` nearest vectors to ``vector``.

        ``filter`` is a metadata filter: ``{"genre": "drama"}``,
        ``{"year": {"$gte": 2000}}``, ``{"tag": {"$in": ["a", "b"]}}``; operators are
        ``$eq $ne $lt $lte $gt $gte $in $nin``. ``top_k`` is 1..100 (1..50 with values or all
        metadata).
        """
        options = self._query_options(top_k, return_values, return_metadata, namespace, filter)
        check_values(vector, None, "vector")
        values = check_values(vector, await self.dimensions(), "vector")
        js_values = to_js(values)
        raw = from_js(await invoke_js(self._js.query, js_values, options), objects="all")
        return matches_from_py(_dict(raw, "query result"))

    async def query_by_id(
        self,
        vector_id: str,
        *,
        top_k: int = 5,
        return_values: bool = False,
        return_metadata: ReturnMetadata = "none",
        namespace: str | None = None,
        filter: Mapping[str, object] | None = None,
    ) -> VectorizeMatches:
        """Like :meth:`query`, using a stored vector's values."""
        check_id(vector_id, "vector_id")
        options = self._query_options(top_k, return_values, return_metadata, namespace, filter)
        raw = from_js(await invoke_js(self._js.queryById, vector_id, options), objects="all")
        return matches_from_py(_dict(raw, "query result"))

    async def get_by_ids(self, ids: Sequence[str]) -> list[Vector]:
        """The stored vectors with these ids (missing ids are left out)."""
        js_ids = to_js(check_ids(ids))
        raw = from_js(await invoke_js(self._js.getByIds, js_ids), objects="all")
        if not isinstance(raw, list):
            raise ResponseDecodeError(f"expected a list of vectors, got {type(raw).__name__}")
        items: list[Any] = raw  # pyright: ignore[reportUnknownVariableType]
        return [vector_from_py(_dict(v, "vector")) for v in items]

    async def delete_by_ids(self, ids: Sequence[str]) -> MutationResult:
        """Delete vectors by id."""
        js_ids = to_js(check_ids(ids))
        raw = from_js(await invoke_js(self._js.deleteByIds, js_ids), objects="all")
        return MutationResult(mutation_id=str(_dict(raw, "mutation")["mutationId"]))
