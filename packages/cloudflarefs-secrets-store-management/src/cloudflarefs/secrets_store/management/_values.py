"""Checks of secret values and scopes that never put a value into an exception message."""

from __future__ import annotations

from collections.abc import Iterable

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.validation import require_items
from cloudflarefs.secrets_store.management._generated.models import ScopesInputItem

__all__ = ["MAX_VALUE_BYTES", "check_scopes", "check_value"]

MAX_VALUE_BYTES = 65_536
"""A secret's value is at most 64 KiB of UTF-8 (Secrets Store limits)."""


def check_value(name: str, value: str) -> str:
    """``value`` if it is a non-blank str of at most 64 KiB; the message names only its size."""
    if not isinstance(value, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise InvalidInputError(f"{name} must not be empty or blank")
    size = len(value.encode("utf-8"))
    if size > MAX_VALUE_BYTES:
        raise InvalidInputError(f"{name} is at most {MAX_VALUE_BYTES} bytes of UTF-8, got {size}")
    return value


def check_scopes(scopes: Iterable[ScopesInputItem | str]) -> list[ScopesInputItem]:
    """At least one scope (``"workers"``, ``"ai_gateway"``, ...); unknown names are kept."""
    items = require_items(scopes, "scopes")
    if not items:
        raise InvalidInputError("scopes must name at least one service (e.g. 'workers')")
    for item in items:
        if not isinstance(item, str) or not item:
            raise InvalidInputTypeError("scopes must be non-empty strings")
    return [ScopesInputItem(item) for item in items]
