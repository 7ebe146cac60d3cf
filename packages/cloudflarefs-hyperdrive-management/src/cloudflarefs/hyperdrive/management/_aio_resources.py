"""Async resource groups of :class:`~cloudflarefs.hyperdrive.management.aio.HyperdriveClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``hyperdrive``
overlay); this module adds the methods that build a config body from :class:`Origin` and
:class:`Caching`. It is the one hand-written copy: the sync module is derived from it by
``tools/generate`` (unasync).
"""

from __future__ import annotations

from typing import Unpack

import cloudflarefs.hyperdrive.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.hyperdrive.management._generated.models import (
    CreateUpdateHyperdriveConfigInput,
    HyperdriveWithIdentifier,
    PatchHyperdriveConfigInput,
)
from cloudflarefs.hyperdrive.management._origin import Caching, Origin

__all__ = ["HyperdriveConfigs", "full_body", "patch_body"]


def full_body(
    name: str, origin: Origin, caching: Caching | None
) -> CreateUpdateHyperdriveConfigInput:
    """The create/replace body, validated."""
    body = CreateUpdateHyperdriveConfigInput(
        name=require_non_empty("name", name), origin=origin.to_input()
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
        body.name = require_non_empty("name", name)
    if origin is not None:
        body.origin = origin.to_input()
    if caching is not None:
        body.caching = caching.to_input()
    return body


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
