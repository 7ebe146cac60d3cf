"""Pure conversion of Python-friendly arguments into the generated request models."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty as require_id
from cloudflarefs.vectorize.management._generated.models import (
    CreateIndexRequest,
    CreateMetadataIndexRequest,
    CreateMetadataIndexRequestIndexType,
    DeleteMetadataIndexRequest,
    IndexDeleteVectorsByIdRequest,
    IndexDimensionConfigurationInput,
    IndexGetVectorsByIdRequest,
    IndexMetricInput,
    IndexPresetConfigurationInput,
    IndexPresetInput,
    IndexQueryRequest,
)
from cloudflarefs.vectorize.management._vectors import (
    MAX_DIMENSIONS,
    check_query_vector,
    check_top_k,
)

__all__ = [
    "VectorMutation",
    "create_index_body",
    "ids_body",
    "metadata_index_body",
    "query_body",
    "require_id",
]

# Index names: lowercase letters, digits and dashes, at most 64 bytes (Vectorize limits).
_INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@attrs.frozen(kw_only=True)
class VectorMutation:
    """The outcome of an insert, upsert or delete: the mutation ids to wait for.

    Large inserts are split into several requests, one mutation each.
    """

    mutation_ids: tuple[str, ...]
    """One id per request, in order (Vectorize applies mutations asynchronously)."""
    count: int
    """How many vectors (or ids) were sent."""

    @property
    def mutation_id(self) -> str | None:
        """The last mutation: once it is processed, every vector of the call is visible."""
        return self.mutation_ids[-1] if self.mutation_ids else None


def create_index_body(
    name: str,
    *,
    dimensions: int | None,
    metric: IndexMetricInput | str | None,
    preset: IndexPresetInput | str | None,
    description: str | None,
) -> CreateIndexRequest:
    """The body of ``POST .../indexes``: dimensions and metric, or a preset."""
    if not _INDEX_NAME.fullmatch(name):
        raise InvalidInputError(
            f"invalid index name {name!r}: use up to 64 lowercase letters, digits and dashes"
        )
    config: IndexDimensionConfigurationInput | IndexPresetConfigurationInput
    if preset is not None:
        if dimensions is not None or metric is not None:
            raise InvalidInputError("pass either preset= or dimensions= and metric=, not both")
        config = IndexPresetConfigurationInput(preset=IndexPresetInput(preset))
    else:
        if dimensions is None or metric is None:
            raise InvalidInputError("pass dimensions= and metric= (or preset=)")
        if isinstance(dimensions, bool) or not 1 <= dimensions <= MAX_DIMENSIONS:
            raise InvalidInputError(f"dimensions must be 1 to {MAX_DIMENSIONS}, got {dimensions!r}")
        config = IndexDimensionConfigurationInput(
            dimensions=dimensions, metric=IndexMetricInput(metric)
        )
    return CreateIndexRequest(
        name=name,
        config=config,
        description=description if description is not None else UNSET,
    )


def query_body(
    vector: Sequence[float],
    *,
    top_k: int | None,
    return_values: bool | None,
    return_metadata: bool | None,
    filter: Mapping[str, Any] | None,
) -> IndexQueryRequest:
    """The body of ``POST .../query``."""
    check_top_k(top_k, with_payload=bool(return_values or return_metadata))
    return IndexQueryRequest(
        vector=check_query_vector(vector),
        top_k=top_k if top_k is not None else UNSET,
        return_values=return_values if return_values is not None else UNSET,
        return_metadata=return_metadata if return_metadata is not None else UNSET,
        filter=dict(filter) if filter is not None else UNSET,
    )


def ids_body(ids: Iterable[str]) -> list[str]:
    """Validated, non-empty vector ids."""
    if isinstance(ids, str):
        raise InvalidInputError("pass a list of ids, not one string")
    out = [require_id("vector id", i) for i in ids]
    if not out:
        raise InvalidInputError("pass at least one vector id")
    return out


def get_ids_body(ids: Iterable[str]) -> IndexGetVectorsByIdRequest:
    """The body of ``POST .../get_by_ids``."""
    return IndexGetVectorsByIdRequest(ids=ids_body(ids))


def delete_ids_body(ids: Iterable[str]) -> IndexDeleteVectorsByIdRequest:
    """The body of ``POST .../delete_by_ids``."""
    return IndexDeleteVectorsByIdRequest(ids=ids_body(ids))


def metadata_index_body(
    property_name: str, index_type: CreateMetadataIndexRequestIndexType | str
) -> CreateMetadataIndexRequest:
    """The body of ``POST .../metadata_index/create``."""
    return CreateMetadataIndexRequest(
        property_name=require_id("property_name", property_name),
        index_type=CreateMetadataIndexRequestIndexType(index_type),
    )


def metadata_index_delete_body(property_name: str) -> DeleteMetadataIndexRequest:
    """The body of ``POST .../metadata_index/delete``."""
    return DeleteMetadataIndexRequest(property_name=require_id("property_name", property_name))
