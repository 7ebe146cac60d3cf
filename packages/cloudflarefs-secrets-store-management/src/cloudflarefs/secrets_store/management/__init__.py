"""Management client for Cloudflare Secrets Store (cloudflarefs).

``SecretsStoreClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.secrets_store.management.aio`. Secret values are write-only: the API never
returns them, and this package never puts them in a ``repr``, a log or an error message.
"""

from cloudflarefs.secrets_store.management._client import SecretsStoreClient
from cloudflarefs.secrets_store.management._generated.client import (
    SecretsStoreQuota,
    SecretsStoreStores,
)
from cloudflarefs.secrets_store.management._generated.models import (
    Quota,
    QuotaSecrets,
    ScopesInputItem,
    Secret,
    SecretCreateInput,
    SecretStatus,
    Store,
)
from cloudflarefs.secrets_store.management._resources import SecretsStoreSecrets, new_secret
from cloudflarefs.secrets_store.management._values import MAX_VALUE_BYTES
from cloudflarefs.secrets_store.management._version import __version__

__all__ = [
    "MAX_VALUE_BYTES",
    "Quota",
    "QuotaSecrets",
    "ScopesInputItem",
    "Secret",
    "SecretCreateInput",
    "SecretStatus",
    "SecretsStoreClient",
    "SecretsStoreQuota",
    "SecretsStoreSecrets",
    "SecretsStoreStores",
    "Store",
    "__version__",
    "new_secret",
]
