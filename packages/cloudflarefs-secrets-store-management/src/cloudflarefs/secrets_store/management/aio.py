"""The async Secrets Store management client: ``from cloudflarefs.secrets_store.management.aio import SecretsStoreClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.secrets_store.management._aio_resources import SecretsStoreSecrets
from cloudflarefs.secrets_store.management._generated.aio import (
    SecretsStoreQuota,
    SecretsStoreStores,
)
from cloudflarefs.secrets_store.management._version import __version__

__all__ = [
    "USER_AGENT_PRODUCT",
    "SecretsStoreClient",
    "SecretsStoreQuota",
    "SecretsStoreSecrets",
    "SecretsStoreStores",
]

USER_AGENT_PRODUCT = f"cloudflarefs-secrets-store-management/{__version__}"


class SecretsStoreClient(AsyncServiceClient):
    """Secrets Store management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call. Secret values are write-only:
    they are sent, never returned, and never appear in a ``repr`` or an error message.

    Example:
        >>> async with SecretsStoreClient(api_token="...", account_id="...") as ss:  # doctest: +SKIP
        ...     store = await ss.stores.create("service_x_keys")
        ...     await ss.secrets.create(store.id, "API_KEY", value="...", scopes=["workers"])
    """

    user_agent_product = USER_AGENT_PRODUCT

    stores: SecretsStoreStores
    """Stores of the account: create, list, get, delete."""
    secrets: SecretsStoreSecrets
    """Secrets of a store (metadata only: values are write-only)."""
    quota: SecretsStoreQuota
    """The account's secret quota and usage."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.stores = SecretsStoreStores(http)
        self.secrets = SecretsStoreSecrets(http)
        self.quota = SecretsStoreQuota(http)
