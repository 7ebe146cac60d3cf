"""The async Hyperdrive management client: ``from cloudflarefs.hyperdrive.management.aio import HyperdriveClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.hyperdrive.management._aio_resources import (
    HyperdriveConfigs,
)
from cloudflarefs.hyperdrive.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "HyperdriveClient", "HyperdriveConfigs"]

USER_AGENT_PRODUCT = f"cloudflarefs-hyperdrive-management/{__version__}"


class HyperdriveClient(AsyncServiceClient):
    """Hyperdrive management over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with HyperdriveClient(api_token="...", account_id="...") as hd:  # doctest: +SKIP
        ...     async for config in hd.configs.list():
        ...         print(config.name)
    """

    user_agent_product = USER_AGENT_PRODUCT

    configs: HyperdriveConfigs
    """Hyperdrive configs."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.configs = HyperdriveConfigs(http)
