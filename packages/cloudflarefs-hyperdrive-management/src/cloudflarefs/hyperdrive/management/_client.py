"""The sync Hyperdrive management client."""

from __future__ import annotations

from cloudflarefs.core.http import HttpClient, ServiceClient
from cloudflarefs.hyperdrive.management._resources import (
    HyperdriveConfigs,
)
from cloudflarefs.hyperdrive.management._version import __version__

__all__ = ["USER_AGENT_PRODUCT", "HyperdriveClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-hyperdrive-management/{__version__}"


class HyperdriveClient(ServiceClient):
    """Hyperdrive management over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. ``account_id`` set here is the default for every call;
    each method also takes ``account_id=``.

    Example:
        >>> with HyperdriveClient(api_token="...", account_id="...") as hd:  # doctest: +SKIP
        ...     origin = Origin.from_url("postgres://app:secret@db.example.com:5432/app")
        ...     config = hd.configs.create("app-db", origin=origin)
    """

    user_agent_product = USER_AGENT_PRODUCT

    configs: HyperdriveConfigs
    """Hyperdrive configs."""

    def _attach(self, http: HttpClient) -> None:
        self.configs = HyperdriveConfigs(http)
