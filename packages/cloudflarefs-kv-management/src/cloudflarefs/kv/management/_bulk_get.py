"""Bulk get: the request body (1-100 valid keys, text or json) and the typed answer.

The API answers ``{"values": {key: value}}``; with ``withMetadata`` each value is an object
``{value, metadata, expiration}`` (``null`` for an absent key). Values are never bytes: the
API does not return binary values through this endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.kv.management._generated.models import (
    NamespacesBulkGetBody,
    NamespacesBulkGetBodyType,
    NamespacesBulkGetResult,
)
from cloudflarefs.kv.management._validation import check_key

__all__ = ["MAX_BULK_GET_KEYS", "BulkGetType", "KVBulkEntry", "bulk_get_body", "entries", "values"]

MAX_BULK_GET_KEYS = 100
"""One bulk get reads at most 100 keys (Workers KV limits)."""

BulkGetType = Literal["text", "json"]


@attrs.frozen(kw_only=True)
class KVBulkEntry:
    """One key of :meth:`~cloudflarefs.kv.management.KVNamespaces.bulk_get_with_metadata`."""

    value: Any
    """The value: a string (``type="text"``) or the parsed JSON value (``type="json"``)."""
    metadata: Any = None
    """The metadata stored with the key, or ``None``."""
    expiration: int | None = None
    """When the key expires, in seconds since the epoch, or ``None``."""
    extra: Mapping[str, Any] = attrs.field(factory=dict[str, Any])
    """Fields this version does not know, kept as sent."""


def bulk_get_body(keys: Iterable[str], type_: str, *, with_metadata: bool) -> NamespacesBulkGetBody:
    """The body: 1-100 keys (each a valid KV key), ``text`` or ``json``."""
    if isinstance(keys, str):
        raise InvalidInputTypeError("keys must be an iterable of keys, not one string")
    checked = [check_key(k) for k in keys]
    if not 1 <= len(checked) <= MAX_BULK_GET_KEYS:
        raise InvalidInputError(
            f"bulk get reads 1-{MAX_BULK_GET_KEYS} keys per request, got {len(checked)}"
        )
    if type_ not in ("text", "json"):
        raise InvalidInputError(f"type must be 'text' or 'json', got {type_!r}")
    return NamespacesBulkGetBody(
        keys=checked, type_=NamespacesBulkGetBodyType(type_), with_metadata=with_metadata
    )


def values(result: NamespacesBulkGetResult | None) -> dict[str, Any]:
    """Each requested key mapped to its value (``None`` for an absent key)."""
    return dict(result.values or {}) if result is not None else {}


def _entry(key: str, raw: object) -> KVBulkEntry | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ResponseDecodeError(f"bulk get with metadata: expected an object for key {key!r}")
    item: Mapping[str, Any] = raw  # pyright: ignore[reportUnknownVariableType]
    expiration = item.get("expiration")
    return KVBulkEntry(
        value=item.get("value"),
        metadata=item.get("metadata"),
        expiration=int(expiration) if isinstance(expiration, int | float) else None,
        extra={k: v for k, v in item.items() if k not in ("value", "metadata", "expiration")},
    )


def entries(result: NamespacesBulkGetResult | None) -> dict[str, KVBulkEntry | None]:
    """Each requested key mapped to its value with metadata (``None`` for an absent key)."""
    return {key: _entry(key, raw) for key, raw in values(result).items()}
