"""Typed Workers KV bindings for Python Workers.

Wrap the binding once, then use snake_case async methods with Python values::

    from cloudflarefs.kv.runtime import KVNamespace

    kv = KVNamespace(env.KV)
    await kv.put("user:1", '{"name": "Ada"}', expiration_ttl=3600, metadata={"v": 1})
    user = await kv.get_json("user:1")
    async for key in kv.iter_keys(prefix="user:"):
        print(key.name, key.metadata)
"""

from cloudflarefs.kv.runtime._limits import (
    MAX_BULK_KEYS,
    MAX_KEY_BYTES,
    MAX_LIST_LIMIT,
    MAX_METADATA_BYTES,
    MAX_VALUE_BYTES,
    MIN_TTL_SECONDS,
    BulkType,
)
from cloudflarefs.kv.runtime._models import KVKey, KVListResult, KVValueWithMetadata
from cloudflarefs.kv.runtime._namespace import KVNamespace, KVPutValue, ValueType
from cloudflarefs.kv.runtime._version import __version__

__all__ = [
    "MAX_BULK_KEYS",
    "MAX_KEY_BYTES",
    "MAX_LIST_LIMIT",
    "MAX_METADATA_BYTES",
    "MAX_VALUE_BYTES",
    "MIN_TTL_SECONDS",
    "BulkType",
    "KVKey",
    "KVListResult",
    "KVNamespace",
    "KVPutValue",
    "KVValueWithMetadata",
    "ValueType",
    "__version__",
]
