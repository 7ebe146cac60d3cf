"""Management client for Cloudflare Workers KV (cloudflarefs).

``KVClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.kv.management.aio`.
"""

from typing import TYPE_CHECKING, Any

from cloudflarefs.kv.management._client import KVClient
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

if TYPE_CHECKING:
    from cloudflarefs.kv.management._bulk import (
        MAX_BULK_BYTES,
        MAX_BULK_ITEMS,
        BulkWriteResult,
        KVPair,
    )
    from cloudflarefs.kv.management._bulk_get import MAX_BULK_GET_KEYS, BulkGetType, KVBulkEntry
    from cloudflarefs.kv.management._generated.models import (
        AnalyticsQueryRequestsResult,
        AnalyticsQueryStoredResult,
        Key,
        Namespace,
        NamespacesListDirection,
        NamespacesListOrder,
    )

# Imported on first access (PEP 562), so ``import cloudflarefs.kv.management`` builds no model
# class and loads no bulk support until a program uses them.
_LAZY = {
    "MAX_BULK_BYTES": "_bulk",
    "MAX_BULK_ITEMS": "_bulk",
    "BulkWriteResult": "_bulk",
    "KVPair": "_bulk",
    "MAX_BULK_GET_KEYS": "_bulk_get",
    "BulkGetType": "_bulk_get",
    "KVBulkEntry": "_bulk_get",
    "AnalyticsQueryRequestsResult": "_generated.models",
    "AnalyticsQueryStoredResult": "_generated.models",
    "Key": "_generated.models",
    "Namespace": "_generated.models",
    "NamespacesListDirection": "_generated.models",
    "NamespacesListOrder": "_generated.models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
