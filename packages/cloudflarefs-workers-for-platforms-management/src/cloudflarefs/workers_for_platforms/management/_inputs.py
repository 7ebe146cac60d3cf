"""Pure checks and request bodies for the plain-argument helpers."""

from __future__ import annotations

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.workers_for_platforms.management._generated.models import (
    NamespacesCreateBody,
    SecretInput,
)

__all__ = ["namespace_body", "secret_body"]


def namespace_body(name: str | None, body: NamespacesCreateBody | None) -> NamespacesCreateBody:
    """The create body from a name or a ready body (exactly one of them, or neither)."""
    if name is not None and body is not None:
        raise InvalidInputError("pass a namespace name or body=, not both")
    if body is not None:
        return body
    if name is None:
        return NamespacesCreateBody()
    if not name.strip():
        raise InvalidInputError("dispatch namespace name must be non-empty")
    return NamespacesCreateBody(name=name)


def secret_body(name: str, text: str) -> SecretInput:
    """A ``secret_text`` secret; rejects an empty name."""
    if not name.strip():
        raise InvalidInputError("secret name must be non-empty")
    return SecretInput(name=name, text=text, type_="secret_text")
