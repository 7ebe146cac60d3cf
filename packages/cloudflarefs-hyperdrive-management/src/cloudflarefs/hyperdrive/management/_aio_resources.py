"""Async resource groups of :class:`~cloudflarefs.hyperdrive.management.aio.HyperdriveClient`."""

from __future__ import annotations

from cloudflarefs.core.pagination import AsyncPager
from cloudflarefs.hyperdrive.management._generated import aio as _gen
from cloudflarefs.hyperdrive.management._generated._transport import AsyncHttp
from cloudflarefs.hyperdrive.management._generated.models import HyperdriveWithIdentifier
from cloudflarefs.hyperdrive.management._origin import Caching, Origin, require_id
from cloudflarefs.hyperdrive.management._resources import full_body, patch_body

__all__ = ["HyperdriveConfigs"]


class HyperdriveConfigs:
    """Hyperdrive configs: list, get, create, replace (``update``), patch (``edit``), delete."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncHyperdriveConfigs(http)

    def list(self, *, account_id: str | None = None) -> AsyncPager[HyperdriveWithIdentifier]:
        """Every Hyperdrive config of the account, in one page (origin passwords never return).

        The API declares no paging for this list, so there is no page size to set.
        """
        return self._gen.list(account_id=account_id)

    async def get(
        self, hyperdrive_id: str, *, account_id: str | None = None
    ) -> HyperdriveWithIdentifier:
        """One config by id."""
        return await self._gen.get(
            require_id("hyperdrive_id", hyperdrive_id), account_id=account_id
        )

    async def create(
        self,
        name: str,
        *,
        origin: Origin,
        caching: Caching | None = None,
        account_id: str | None = None,
    ) -> HyperdriveWithIdentifier:
        """Create a config for ``origin`` (e.g. ``Origin.from_url("postgres://...")``)."""
        return await self._gen.create(body=full_body(name, origin, caching), account_id=account_id)

    async def update(
        self,
        hyperdrive_id: str,
        *,
        name: str,
        origin: Origin,
        caching: Caching | None = None,
        account_id: str | None = None,
    ) -> HyperdriveWithIdentifier:
        """Replace a config (``PUT``): every field is sent again."""
        require_id("hyperdrive_id", hyperdrive_id)
        return await self._gen.update(
            hyperdrive_id, body=full_body(name, origin, caching), account_id=account_id
        )

    async def edit(
        self,
        hyperdrive_id: str,
        *,
        name: str | None = None,
        origin: Origin | None = None,
        caching: Caching | None = None,
        account_id: str | None = None,
    ) -> HyperdriveWithIdentifier:
        """Change only the given fields (``PATCH``)."""
        require_id("hyperdrive_id", hyperdrive_id)
        return await self._gen.edit(
            hyperdrive_id, body=patch_body(name, origin, caching), account_id=account_id
        )

    async def delete(self, hyperdrive_id: str, *, account_id: str | None = None) -> None:
        """Delete a config."""
        await self._gen.delete(require_id("hyperdrive_id", hyperdrive_id), account_id=account_id)
