"""Typed Vectorize (v2) binding for Python Workers.

::

    from cloudflarefs.vectorize.runtime import Vector, VectorizeIndex

    index = VectorizeIndex(env.VECTORIZE, dimensions=3)
    await index.upsert([Vector(id="a", values=[0.1, 0.2, 0.3], metadata={"genre": "drama"})])
    found = await index.query([0.1, 0.2, 0.3], top_k=3, filter={"genre": {"$eq": "drama"}})
"""

from cloudflarefs.vectorize.runtime._index import VectorizeIndex
from cloudflarefs.vectorize.runtime._models import (
    MetadataValue,
    MutationResult,
    ReturnMetadata,
    Vector,
    VectorizeIndexInfo,
    VectorizeMatch,
    VectorizeMatches,
)
from cloudflarefs.vectorize.runtime._validate import (
    MAX_TOP_K,
    MAX_TOP_K_WITH_VALUES,
    MAX_VECTORS_PER_CALL,
    check_filter,
)
from cloudflarefs.vectorize.runtime._version import __version__

__all__ = [
    "MAX_TOP_K",
    "MAX_TOP_K_WITH_VALUES",
    "MAX_VECTORS_PER_CALL",
    "MetadataValue",
    "MutationResult",
    "ReturnMetadata",
    "Vector",
    "VectorizeIndex",
    "VectorizeIndexInfo",
    "VectorizeMatch",
    "VectorizeMatches",
    "__version__",
    "check_filter",
]
