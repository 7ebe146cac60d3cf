"""Management client for Cloudflare Workers KV (cloudflarefs).

``KVClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.kv.management.aio`.
"""

from cloudflarefs.kv.management._bulk import MAX_BULK_BYTES, MAX_BULK_ITEMS, BulkWriteResult, KVPair
from cloudflarefs.kv.management._bulk_get import MAX_BULK_GET_KEYS, BulkGetType, KVBulkEntry
from cloudflarefs.kv.management._client import KVClient
from cloudflarefs.kv.management._generated.models import (
    AnalyticsQueryRequestsResult,
    AnalyticsQueryStoredResult,
    Key,
    Namespace,
    NamespacesListDirection,
    NamespacesListOrder,
)
from cloudflarefs.kv.management._resources import (
    KVAnalytics,
    KVKeys,
    KVMetadata,
    KVNamespaces,
    KVValues,
)
from cloudflarefs.kv.management._validation import (
    MAX_KEY_BYTES,
    MAX_METADATA_BYTES,
    MAX_VALUE_BYTES,
    MIN_EXPIRATION_TTL,
)
from cloudflarefs.kv.management._version import __version__

__all__ = [
    "MAX_BULK_BYTES",
    "MAX_BULK_GET_KEYS",
    "MAX_BULK_ITEMS",
    "MAX_KEY_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_VALUE_BYTES",
    "MIN_EXPIRATION_TTL",
    "AnalyticsQueryRequestsResult",
    "AnalyticsQueryStoredResult",
    "BulkGetType",
    "BulkWriteResult",
    "KVAnalytics",
    "KVBulkEntry",
    "KVClient",
    "KVKeys",
    "KVMetadata",
    "KVNamespaces",
    "KVPair",
    "KVValues",
    "Key",
    "Namespace",
    "NamespacesListDirection",
    "NamespacesListOrder",
    "__version__",
]
