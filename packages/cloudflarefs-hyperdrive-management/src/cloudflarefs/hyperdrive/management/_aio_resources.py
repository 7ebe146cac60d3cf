"""Async resource groups of :class:`~cloudflarefs.hyperdrive.management.aio.HyperdriveClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``hyperdrive``
overlay); this module adds the methods that build a config body from :class:`Origin` and
:class:`Caching`. It is the one hand-written copy: the sync module is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

from typing import Unpack

import cloudflarefs.hyperdrive.management._generated.aio as _gen
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.hyperdrive.management._generated.models import (
    HyperdriveWithIdentifier,
)
from cloudflarefs.hyperdrive.management._origin import Caching, Origin, full_body, patch_body

__all__ = ["HyperdriveConfigs"]


class HyperdriveConfigs(_gen.HyperdriveConfigs):
    """Hyperdrive configs: list, get, create, replace (``update``), patch (``edit``), delete."""

    async def create(
        self,
        name: str,
        *,
        origin: Origin,
        caching: Caching | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> HyperdriveWithIdentifier:
        """Create a config for ``origin`` (e.g. ``Origin.from_url("postgres://...")``)."""
        body = full_body(name, origin, caching)
        return await self._create(body=body, account_id=account_id, **options)

    async def update(
        self,
        hyperdrive_id: str,
        *,
        name: str,
        origin: Origin,
        caching: Caching | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> HyperdriveWithIdentifier:
        """Replace a config (``PUT``): every field is sent again."""
        body = full_body(name, origin, caching)
        return await self._update(hyperdrive_id, body=body, account_id=account_id, **options)

    async def edit(
        self,
        hyperdrive_id: str,
        *,
        name: str | None = None,
        origin: Origin | None = None,
        caching: Caching | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> HyperdriveWithIdentifier:
        """Change only the given fields (``PATCH``)."""
        body = patch_body(name, origin, caching)
        return await self._edit(hyperdrive_id, body=body, account_id=account_id, **options)
