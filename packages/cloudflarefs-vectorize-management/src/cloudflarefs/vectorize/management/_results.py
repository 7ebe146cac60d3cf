"""Folding the generated per-request results into one result per call (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from cloudflarefs.vectorize.management._generated.models import (
    IndexDeleteVectorsByIdV2Response,
    IndexInsertResponse,
)
from cloudflarefs.vectorize.management._inputs import VectorMutation

__all__ = ["merge_v1_inserts", "mutation"]


def mutation(results: Sequence[IndexDeleteVectorsByIdV2Response], count: int) -> VectorMutation:
    """A :class:`VectorMutation` from the responses of one or more requests."""
    ids = tuple(str(r.mutation_id) for r in results if r.mutation_id is not None)
    return VectorMutation(mutation_ids=ids, count=count)


def merge_v1_inserts(results: Sequence[IndexInsertResponse]) -> IndexInsertResponse:
    """One v1 insert response from several batches (counts summed, ids concatenated)."""
    if len(results) == 1:
        return results[0]
    ids = [i for r in results for i in (r.ids or [])]
    return IndexInsertResponse(count=sum(r.count or 0 for r in results), ids=ids)
