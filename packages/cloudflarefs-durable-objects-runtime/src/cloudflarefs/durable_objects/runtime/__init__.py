"""Typed Cloudflare Durable Objects for Python Workers.

Client side (any Worker)::

    from cloudflarefs.durable_objects.runtime import DurableObjectNamespace

    counters = DurableObjectNamespace(env.COUNTER)
    stub = counters.get_by_name("global")
    total = await stub.increment(1)          # RPC
    page = await stub.fetch("https://do/stats")

Object side: subclass :class:`DurableObject` and use ``self.state`` / ``self.storage``
(key-value, transactions, alarms, SQL, WebSocket hibernation).
"""

from cloudflarefs.durable_objects.runtime._id import DurableObjectId
from cloudflarefs.durable_objects.runtime._namespace import (
    DurableObjectNamespace,
    DurableObjectStub,
    Jurisdiction,
    LocationHint,
    RoutingMode,
)
from cloudflarefs.durable_objects.runtime._object import AlarmInfo, DurableObject
from cloudflarefs.durable_objects.runtime._sql import (
    SqlCursor,
    SqlParam,
    SqlRow,
    SqlStorage,
    SqlValue,
)
from cloudflarefs.durable_objects.runtime._state import DurableObjectState
from cloudflarefs.durable_objects.runtime._storage import (
    DurableObjectStorage,
    StorageTransaction,
    TransactionContext,
)
from cloudflarefs.durable_objects.runtime._version import __version__

__all__ = [
    "AlarmInfo",
    "DurableObject",
    "DurableObjectId",
    "DurableObjectNamespace",
    "DurableObjectState",
    "DurableObjectStorage",
    "DurableObjectStub",
    "Jurisdiction",
    "LocationHint",
    "RoutingMode",
    "SqlCursor",
    "SqlParam",
    "SqlRow",
    "SqlStorage",
    "SqlValue",
    "StorageTransaction",
    "TransactionContext",
    "__version__",
]
