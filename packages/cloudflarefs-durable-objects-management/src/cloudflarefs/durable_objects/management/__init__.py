"""Management client for Cloudflare Durable Objects (cloudflarefs).

``DurableObjectsClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.durable_objects.management.aio`.
"""

from cloudflarefs.durable_objects.management._client import DurableObjectsClient
from cloudflarefs.durable_objects.management._generated.client import (
    DurableObjectsNamespaces,
    DurableObjectsObjects,
)
from cloudflarefs.durable_objects.management._generated.models import (
    Namespace,
    ObjectsListResultItem,
)
from cloudflarefs.durable_objects.management._version import __version__

__all__ = [
    "DurableObjectsClient",
    "DurableObjectsNamespaces",
    "DurableObjectsObjects",
    "Namespace",
    "ObjectsListResultItem",
    "__version__",
]
