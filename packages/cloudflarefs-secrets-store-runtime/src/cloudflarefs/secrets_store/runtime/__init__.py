"""Typed Cloudflare Secrets Store binding for Python Workers.

::

    from cloudflarefs.secrets_store.runtime import SecretsStoreSecret

    api_key = await SecretsStoreSecret(env.API_KEY).get()
"""

from cloudflarefs.secrets_store.runtime._secret import (
    SecretNotFoundError,
    SecretsStoreError,
    SecretsStoreSecret,
)
from cloudflarefs.secrets_store.runtime._version import __version__

__all__ = [
    "SecretNotFoundError",
    "SecretsStoreError",
    "SecretsStoreSecret",
    "__version__",
]
