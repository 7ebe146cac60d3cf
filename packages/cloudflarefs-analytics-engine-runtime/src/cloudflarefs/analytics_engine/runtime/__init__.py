"""Typed Workers Analytics Engine dataset binding for Python Workers.

::

    from cloudflarefs.analytics_engine.runtime import AnalyticsEngineDataset

    AnalyticsEngineDataset(env.ANALYTICS).write_data_point(
        blobs=[path, country], doubles=[1.0, latency_ms], indexes=[customer_id]
    )
"""

from cloudflarefs.analytics_engine.runtime._dataset import AnalyticsEngineDataset
from cloudflarefs.analytics_engine.runtime._limits import (
    MAX_BLOB_BYTES,
    MAX_BLOBS,
    MAX_DOUBLES,
    MAX_INDEX_BYTES,
    MAX_INDEXES,
    Blob,
    DataPoint,
    build_data_point,
)
from cloudflarefs.analytics_engine.runtime._version import __version__

__all__ = [
    "MAX_BLOBS",
    "MAX_BLOB_BYTES",
    "MAX_DOUBLES",
    "MAX_INDEXES",
    "MAX_INDEX_BYTES",
    "AnalyticsEngineDataset",
    "Blob",
    "DataPoint",
    "__version__",
    "build_data_point",
]
