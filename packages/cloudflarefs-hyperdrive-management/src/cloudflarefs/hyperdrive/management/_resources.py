"""Sync resource groups of :class:`~cloudflarefs.hyperdrive.management.HyperdriveClient`."""

from __future__ import annotations

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.pagination import SyncPager
from cloudflarefs.hyperdrive.management._generated import client as _gen
from cloudflarefs.hyperdrive.management._generated._transport import SyncHttp
from cloudflarefs.hyperdrive.management._generated.models import (
    CreateUpdateHyperdriveConfigInput,
    HyperdriveWithIdentifier,
    PatchHyperdriveConfigInput,
)
from cloudflarefs.hyperdrive.management._origin import Caching, Origin, require_id

__all__ = ["HyperdriveConfigs", "full_body", "patch_body"]


def full_body(
    name: str, origin: Origin, caching: Caching | None
) -> CreateUpdateHyperdriveConfigInput:
    """The create/replace body, validated."""
    body = CreateUpdateHyperdriveConfigInput(
        name=require_id("name", name), origin=origin.to_input()
    )
    if caching is not None:
        body.caching = caching.to_input()
    return body


def patch_body(
    name: str | None, origin: Origin | None, caching: Caching | None
) -> PatchHyperdriveConfigInput:
    """The partial-update body, validated; at least one field must change."""
    if name is None and origin is None and caching is None:
        raise InvalidInputError("edit needs at least one of name, origin and caching")
    body = PatchHyperdriveConfigInput()
    if name is not None:
        body.name = require_id("name", name)
    if origin is not None:
        body.origin = origin.to_input()
    if caching is not None:
        body.caching = caching.to_input()
    return body


class HyperdriveConfigs:
    """Hyperdrive configs: list, get, create, replace (``update``), patch (``edit``), delete."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.HyperdriveConfigs(http)

    def list(self, *, account_id: str | None = None) -> SyncPager[HyperdriveWithIdentifier]:
        """Every Hyperdrive config of the account, in one page (origin passwords never return).

        The API declares no paging for this list, so there is no page size to set.
        """
        return self._gen.list(account_id=account_id)

    def get(self, hyperdrive_id: str, *, account_id: str | None = None) -> HyperdriveWithIdentifier:
        """One config by id."""
        return self._gen.get(require_id("hyperdrive_id", hyperdrive_id), account_id=account_id)

    def create(
        self,
        name: str,
        *,
        origin: Origin,
        caching: Caching | None = None,
        account_id: str | None = None,
    ) -> HyperdriveWithIdentifier:
        """Create a config for ``origin`` (e.g. ``Origin.from_url("postgres://...")``)."""
        return self._gen.create(body=full_body(name, origin, caching), account_id=account_id)

    def update(
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
        return self._gen.update(
            hyperdrive_id, body=full_body(name, origin, caching), account_id=account_id
        )

    def edit(
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
        return self._gen.edit(
            hyperdrive_id, body=patch_body(name, origin, caching), account_id=account_id
        )

    def delete(self, hyperdrive_id: str, *, account_id: str | None = None) -> None:
        """Delete a config."""
        self._gen.delete(require_id("hyperdrive_id", hyperdrive_id), account_id=account_id)
