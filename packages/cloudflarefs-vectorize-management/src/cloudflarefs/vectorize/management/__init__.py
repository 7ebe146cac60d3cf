"""Management client for Cloudflare Vectorize (cloudflarefs).

``VectorizeClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.vectorize.management.aio`.
"""

from cloudflarefs.vectorize.management._client import VectorizeClient
from cloudflarefs.vectorize.management._generated.models import (
    CreateIndexResponse,
    CreateMetadataIndexRequestIndexType,
    IndexDeleteVectorsByIdResponse,
    IndexDimensionConfiguration,
    IndexesInsertUnparsableBehavior,
    IndexGetVectorsByIdResponseItem,
    IndexInfoResponse,
    IndexInsertResponse,
    IndexMetricInput,
    IndexPresetInput,
    IndexQueryResponse,
    IndexQueryV2Response,
    IndexQueryV2ResponseMatchesItem,
    ListMetadataIndexResponseMetadataIndexesItem,
    VectorListItem,
)
from cloudflarefs.vectorize.management._inputs import VectorMutation
from cloudflarefs.vectorize.management._resources import (
    VectorizeIndexes,
    VectorizeIndexesV1,
    VectorizeMetadataIndexes,
)
from cloudflarefs.vectorize.management._vectors import (
    MAX_BATCH_BYTES,
    MAX_BATCH_VECTORS,
    MAX_DIMENSIONS,
    MAX_ID_BYTES,
    MAX_METADATA_BYTES,
    MAX_NAMESPACE_BYTES,
    Vector,
    VectorInput,
)
from cloudflarefs.vectorize.management._version import __version__

Index = CreateIndexResponse
"""An index as the API describes it (name, config, description, timestamps)."""

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_VECTORS",
    "MAX_DIMENSIONS",
    "MAX_ID_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_NAMESPACE_BYTES",
    "CreateIndexResponse",
    "CreateMetadataIndexRequestIndexType",
    "Index",
    "IndexDeleteVectorsByIdResponse",
    "IndexDimensionConfiguration",
    "IndexGetVectorsByIdResponseItem",
    "IndexInfoResponse",
    "IndexInsertResponse",
    "IndexMetricInput",
    "IndexPresetInput",
    "IndexQueryResponse",
    "IndexQueryV2Response",
    "IndexQueryV2ResponseMatchesItem",
    "IndexesInsertUnparsableBehavior",
    "ListMetadataIndexResponseMetadataIndexesItem",
    "Vector",
    "VectorInput",
    "VectorListItem",
    "VectorMutation",
    "VectorizeClient",
    "VectorizeIndexes",
    "VectorizeIndexesV1",
    "VectorizeMetadataIndexes",
    "__version__",
]
