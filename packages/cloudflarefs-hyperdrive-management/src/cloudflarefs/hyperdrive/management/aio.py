"""The async Hyperdrive management client: ``from cloudflarefs.hyperdrive.management.aio import HyperdriveClient``."""

from __future__ import annotations

from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient
from cloudflarefs.hyperdrive.management._aio_resources import (
    HyperdriveConfigs,
)
from cloudflarefs.hyperdrive.management._client import USER_AGENT_PRODUCT

__all__ = ["HyperdriveClient", "HyperdriveConfigs"]


class HyperdriveClient(AsyncServiceClient):
    """Hyperdrive management over the Cloudflare REST API (async).

    The same surface as :class:`cloudflarefs.hyperdrive.management.HyperdriveClient`, with awaited methods and
    :class:`~cloudflarefs.core.AsyncPager` lists (``async for``). Either share an
    :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its keyword arguments.

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
