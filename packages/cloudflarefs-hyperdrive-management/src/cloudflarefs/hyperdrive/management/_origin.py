"""Typed inputs for Hyperdrive configs whose secrets stay out of reprs and error messages."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import attrs

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty as require_id
from cloudflarefs.hyperdrive.management._generated.models import (
    CreateUpdateHyperdriveConfigInput,
    HyperdriveCachingInput,
    HyperdriveOriginWithSecretsInput,
    HyperdriveSchemeInput,
    PatchHyperdriveConfigInput,
)

__all__ = ["Caching", "Origin", "full_body", "patch_body", "require_id"]

_DEFAULT_PORTS = {"postgres": 5432, "postgresql": 5432, "mysql": 3306}


@attrs.frozen(kw_only=True)
class Origin:
    """The origin database Hyperdrive connects to.

    ``password`` and ``access_client_secret`` are excluded from ``repr`` and never quoted in
    errors. Use ``access_client_id``/``access_client_secret`` for an origin behind Cloudflare
    Access (then ``port`` is not sent).
    """

    host: str
    database: str
    user: str
    password: str = attrs.field(repr=False)
    port: int | None = None
    scheme: HyperdriveSchemeInput | str = HyperdriveSchemeInput.POSTGRES
    access_client_id: str | None = None
    access_client_secret: str | None = attrs.field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> Origin:
        """Parse ``postgres://user:password@host:5432/database`` (or ``mysql://``)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise InvalidInputError("origin URL is not a valid URL") from None
        if parts.scheme not in _DEFAULT_PORTS:
            raise InvalidInputError(
                f"origin URL scheme must be postgres, postgresql or mysql, got {parts.scheme!r}"
            )
        return cls(
            host=parts.hostname or "",
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            port=port if port is not None else _DEFAULT_PORTS[parts.scheme],
            scheme=parts.scheme,
        )

    def to_input(self) -> HyperdriveOriginWithSecretsInput:
        """Validate and convert to the wire model."""
        for name in ("host", "database", "user", "password"):
            require_id(f"origin.{name}", getattr(self, name))
        if self.port is not None and not 1 <= self.port <= 65535:
            raise InvalidInputError(f"origin.port must be between 1 and 65535, got {self.port}")
        if (self.access_client_id is None) != (self.access_client_secret is None):
            raise InvalidInputError(
                "origin.access_client_id and origin.access_client_secret go together"
            )
        wire = HyperdriveOriginWithSecretsInput(
            host=self.host,
            database=self.database,
            user=self.user,
            password=self.password,
            scheme=HyperdriveSchemeInput(self.scheme),
        )
        if self.port is not None:
            wire.port = self.port
        if self.access_client_id is not None and self.access_client_secret is not None:
            wire.access_client_id = require_id("origin.access_client_id", self.access_client_id)
            wire.access_client_secret = require_id(
                "origin.access_client_secret", self.access_client_secret
            )
        return wire


@attrs.frozen(kw_only=True)
class Caching:
    """Query caching: off, or on with ``max_age``/``stale_while_revalidate`` in seconds."""

    disabled: bool | None = None
    max_age: int | None = None
    stale_while_revalidate: int | None = None

    def to_input(self) -> HyperdriveCachingInput:
        """Validate and convert to the wire model."""
        for name in ("max_age", "stale_while_revalidate"):
            value: int | None = getattr(self, name)
            if value is not None and value < 0:
                raise InvalidInputError(f"caching.{name} must be >= 0, got {value}")
        return HyperdriveCachingInput(
            disabled=self.disabled if self.disabled is not None else UNSET,
            max_age=self.max_age if self.max_age is not None else UNSET,
            stale_while_revalidate=(
                self.stale_while_revalidate if self.stale_while_revalidate is not None else UNSET
            ),
        )


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
