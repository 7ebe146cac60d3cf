"""Typed helpers for the common Worker binding kinds, as sent in upload metadata.

Each helper turns into the JSON object the API expects (``{"type": ..., "name": ..., ...}``);
a raw ``Mapping`` is accepted anywhere a binding is, for kinds without a helper.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol, TypeAlias

import attrs

from cloudflarefs.core.errors import InvalidInputError

__all__ = [
    "AIBinding",
    "AnalyticsEngineBinding",
    "AssetsBinding",
    "Binding",
    "BindingLike",
    "D1Binding",
    "DispatchNamespaceBinding",
    "DurableObjectBinding",
    "HyperdriveBinding",
    "JSONBinding",
    "KVNamespaceBinding",
    "PlainTextBinding",
    "QueueBinding",
    "R2BucketBinding",
    "SecretTextBinding",
    "ServiceBinding",
    "VectorizeBinding",
    "VersionMetadataBinding",
    "bindings_to_wire",
]


class Binding(Protocol):
    """Anything that renders itself as one entry of ``metadata.bindings``."""

    @property
    def name(self) -> str:
        """The variable name the Worker sees on ``env``."""
        ...

    def to_wire(self) -> dict[str, Any]:
        """The JSON object sent to the API."""
        ...


BindingLike: TypeAlias = Binding | Mapping[str, Any]
"""A typed binding helper or a raw binding object."""


def _drop_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@attrs.frozen(kw_only=True)
class _Simple:
    """A binding whose wire form is its fields plus ``type`` (``None`` fields omitted)."""

    kind: ClassVar[str] = ""
    name: str

    def to_wire(self) -> dict[str, Any]:
        """The JSON object sent to the API."""
        fields = attrs.asdict(self, recurse=False)
        return {"type": self.kind, **_drop_none(fields)}


@attrs.frozen(kw_only=True)
class PlainTextBinding(_Simple):
    """A plain-text environment variable."""

    kind: ClassVar[str] = "plain_text"
    text: str


@attrs.frozen(kw_only=True)
class SecretTextBinding(_Simple):
    """A secret environment variable; its value never appears in ``repr``."""

    kind: ClassVar[str] = "secret_text"
    text: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class JSONBinding(_Simple):
    """A JSON environment variable (any JSON-serialisable value)."""

    kind: ClassVar[str] = "json"
    json: Any


@attrs.frozen(kw_only=True)
class KVNamespaceBinding(_Simple):
    """A Workers KV namespace."""

    kind: ClassVar[str] = "kv_namespace"
    namespace_id: str


@attrs.frozen(kw_only=True)
class R2BucketBinding(_Simple):
    """An R2 bucket (``jurisdiction`` e.g. ``"eu"``)."""

    kind: ClassVar[str] = "r2_bucket"
    bucket_name: str
    jurisdiction: str | None = None


@attrs.frozen(kw_only=True)
class D1Binding(_Simple):
    """A D1 database, by database id."""

    kind: ClassVar[str] = "d1"
    id: str


@attrs.frozen(kw_only=True)
class DurableObjectBinding(_Simple):
    """A Durable Object namespace: a class of this script, or of ``script_name``."""

    kind: ClassVar[str] = "durable_object_namespace"
    class_name: str
    script_name: str | None = None
    environment: str | None = None


@attrs.frozen(kw_only=True)
class ServiceBinding(_Simple):
    """Another Worker (``entrypoint`` names a named ``WorkerEntrypoint`` export)."""

    kind: ClassVar[str] = "service"
    service: str
    environment: str | None = None
    entrypoint: str | None = None


@attrs.frozen(kw_only=True)
class QueueBinding(_Simple):
    """A Queue producer."""

    kind: ClassVar[str] = "queue"
    queue_name: str


@attrs.frozen(kw_only=True)
class AIBinding(_Simple):
    """Workers AI."""

    kind: ClassVar[str] = "ai"


@attrs.frozen(kw_only=True)
class VectorizeBinding(_Simple):
    """A Vectorize index."""

    kind: ClassVar[str] = "vectorize"
    index_name: str


@attrs.frozen(kw_only=True)
class HyperdriveBinding(_Simple):
    """A Hyperdrive configuration, by config id."""

    kind: ClassVar[str] = "hyperdrive"
    id: str


@attrs.frozen(kw_only=True)
class AnalyticsEngineBinding(_Simple):
    """A Workers Analytics Engine dataset."""

    kind: ClassVar[str] = "analytics_engine"
    dataset: str


@attrs.frozen(kw_only=True)
class AssetsBinding(_Simple):
    """The Worker's static assets."""

    kind: ClassVar[str] = "assets"


@attrs.frozen(kw_only=True)
class VersionMetadataBinding(_Simple):
    """The version id, tag and timestamp of the running Worker."""

    kind: ClassVar[str] = "version_metadata"


@attrs.frozen(kw_only=True)
class DispatchNamespaceBinding(_Simple):
    """A Workers for Platforms dispatch namespace."""

    kind: ClassVar[str] = "dispatch_namespace"
    namespace: str


def _one_to_wire(binding: BindingLike) -> dict[str, Any]:
    if isinstance(binding, Mapping):
        raw = dict(binding)
        if not isinstance(raw.get("type"), str) or not raw["type"]:
            raise InvalidInputError(f"a raw binding needs a non-empty 'type': {sorted(raw)}")
        return raw
    return binding.to_wire()


def bindings_to_wire(bindings: Sequence[BindingLike]) -> list[dict[str, Any]]:
    """Render bindings for ``metadata.bindings``, rejecting empty or duplicate names.

    Raises:
        InvalidInputError: a binding has no name, no type, or shares its name with another.
    """
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for binding in bindings:
        wire = _one_to_wire(binding)
        name = wire.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(f"binding of type {wire['type']!r} needs a non-empty name")
        if name in seen:
            raise InvalidInputError(f"two bindings are named {name!r}")
        seen.add(name)
        out.append(wire)
    return out
