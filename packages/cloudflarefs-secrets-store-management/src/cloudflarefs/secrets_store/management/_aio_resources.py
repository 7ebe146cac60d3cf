"""Async resource groups of :class:`~cloudflarefs.secrets_store.management.aio.SecretsStoreClient`.

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``secrets_store``
overlay); this module adds creating one secret or many and editing one, with the value checked
(non-blank, at most 64 KiB) before any request and never quoted in an error or a ``repr``. It
is the one hand-written copy: the sync module is derived from it by ``tools/generate``
(unasync).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Unpack

import cloudflarefs.secrets_store.management._generated.aio as _gen
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_items, require_non_empty
from cloudflarefs.core.wire import RequestOptions
from cloudflarefs.secrets_store.management._generated.models import (
    ScopesInputItem,
    Secret,
    SecretCreateInput,
)
from cloudflarefs.secrets_store.management._values import check_scopes, check_value

__all__ = ["SecretsStoreSecrets"]


class SecretsStoreSecrets(_gen.SecretsStoreSecrets):
    """The secrets of a store: create, list, get, edit, duplicate, delete (one or in bulk)."""

    async def create(
        self,
        store_id: str,
        name: str,
        *,
        value: str,
        scopes: Iterable[ScopesInputItem | str],
        comment: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Secret:
        """Create one secret; ``value`` is write-only (the API never returns it)."""
        secret = new_secret(name, value=value, scopes=scopes, comment=comment)
        created = await self.create_many(store_id, [secret], account_id=account_id, **options)
        return created[0]

    async def create_many(
        self,
        store_id: str,
        secrets: Iterable[SecretCreateInput],
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Secret]:
        """Create several secrets in one request (build each with :func:`new_secret`)."""
        items: builtins.list[SecretCreateInput] = require_items(secrets, "secrets")
        if not items:
            raise InvalidInputError("secrets must hold at least one secret")
        for i, item in enumerate(items):
            if not isinstance(item, SecretCreateInput):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise InvalidInputError(f"secrets[{i}] must be a SecretCreateInput (new_secret)")
            check_value(f"secrets[{i}].value", item.value)
        pager = self._create(store_id, body=items, account_id=account_id, **options)
        return await pager.to_list()

    async def duplicate(
        self,
        store_id: str,
        secret_id: str,
        *,
        name: str,
        scopes: Iterable[ScopesInputItem | str],
        comment: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Secret:
        """Copy a secret under a new ``name``; its value is copied by Cloudflare, never sent."""
        return await self._duplicate(
            store_id,
            secret_id,
            name=name,
            scopes=check_scopes(scopes),
            comment=comment,
            account_id=account_id,
            **options,
        )

    async def edit(
        self,
        store_id: str,
        secret_id: str,
        *,
        value: str | None = None,
        scopes: Iterable[ScopesInputItem | str] | None = None,
        comment: str | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Secret:
        """Change a secret's value, scopes or comment (at least one)."""
        if value is None and scopes is None and comment is None:
            raise InvalidInputError("edit needs at least one of value, scopes and comment")
        return await self._edit(
            store_id,
            secret_id,
            value=None if value is None else check_value("value", value),
            scopes=None if scopes is None else check_scopes(scopes),
            comment=comment,
            account_id=account_id,
            **options,
        )


def new_secret(
    name: str,
    *,
    value: str,
    scopes: Iterable[ScopesInputItem | str],
    comment: str | None = None,
) -> SecretCreateInput:
    """One secret to create, checked now; its ``repr`` leaves the value out."""
    secret = SecretCreateInput(
        name=require_non_empty("name", name),
        value=check_value("value", value),
        scopes=check_scopes(scopes),
    )
    if comment is not None:
        secret.comment = comment
    return secret
