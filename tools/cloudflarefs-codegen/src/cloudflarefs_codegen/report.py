"""The generation report: every place where the generator could not type something precisely.

Nothing is dropped silently: each fallback records where it happened and what was used instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["FALLBACK_KINDS", "Fallback", "Report"]

FALLBACK_KINDS: dict[str, str] = {
    "untagged_union": "oneOf/anyOf without a usable discriminator -> Any",
    "untyped_schema": "schema with no type, properties or composition -> Any",
    "free_form_object": "object without properties -> dict[str, Any]",
    "binary_in_json": "format: binary inside a JSON document -> str",
    "query_object": "object-typed query parameter -> str (caller serialises)",
    "non_json_body": "request media type without a typed schema -> raw bytes/str content",
    "alternate_media_type": "request or response offers several media types; the first supported one is used",
    "alternate_success_schema": "several 2xx responses with different schemas; the lowest status is used",
    "untyped_body": "JSON request body without a schema -> Any",
    "unsupported_parameter": "cookie parameter or parameter without schema -> skipped or str",
    "derived_name": "no curated name in the overlay; resource/method name derived from the path",
    "name_collision": "a derived method name collided and got a numeric suffix",
    "untyped_result": "response without a schema -> Any",
    "multipart_wildcard_part": "multipart property that names N parts (e.g. '<any part name>') -> extra_parts",
    "invalid_required": "required names a property that does not exist (ignored)",
    "missing_ref": "$ref to a schema/parameter the spec does not define -> Any at each use",
    "path_item_ref": "path item given as a $ref; its target's operations are generated",
}


@dataclass
class Fallback:
    """One imprecisely typed place."""

    kind: str
    service: str
    operation: str
    location: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return asdict(self)


@dataclass
class Report:
    """Counts and fallbacks of one generation run."""

    operations: dict[str, int] = field(default_factory=dict[str, int])
    models: dict[str, int] = field(default_factory=dict[str, int])
    fallbacks: list[Fallback] = field(default_factory=list[Fallback])
    crashes: list[dict[str, str]] = field(default_factory=list[dict[str, str]])

    def add(self, kind: str, service: str, operation: str, location: str, detail: str = "") -> None:
        """Record a fallback (kind must be one of :data:`FALLBACK_KINDS`)."""
        assert kind in FALLBACK_KINDS, kind
        self.fallbacks.append(Fallback(kind, service, operation, location, detail))

    def as_dict(self) -> dict[str, Any]:
        """JSON form, deterministic."""
        by_kind = Counter(f.kind for f in self.fallbacks)
        by_service: dict[str, dict[str, int]] = {}
        for f in self.fallbacks:
            by_service.setdefault(f.service, Counter())[f.kind] += 1  # type: ignore[assignment]
        return {
            "operations": dict(sorted(self.operations.items())),
            "operations_total": sum(self.operations.values()),
            "models": dict(sorted(self.models.items())),
            "crashes": self.crashes,
            "fallback_kinds": FALLBACK_KINDS,
            "fallbacks_by_kind": dict(sorted(by_kind.items())),
            "fallbacks_by_service": {
                k: dict(sorted(v.items())) for k, v in sorted(by_service.items())
            },
            "fallbacks": [
                f.as_dict()
                for f in sorted(
                    self.fallbacks, key=lambda f: (f.service, f.operation, f.location, f.kind)
                )
            ],
        }

    def summary(self) -> str:
        """Human summary."""
        data = self.as_dict()
        lines = [
            f"operations generated: {data['operations_total']}",
            f"crashes: {len(self.crashes)}",
            "fallbacks by kind:",
        ]
        for kind, n in data["fallbacks_by_kind"].items():
            lines.append(f"  {kind:28} {n:5}  ({FALLBACK_KINDS[kind]})")
        lines.append("fallbacks by service:")
        for service, kinds in data["fallbacks_by_service"].items():
            total = sum(kinds.values())
            detail = ", ".join(f"{k}={v}" for k, v in kinds.items())
            lines.append(f"  {service}: {total} ({detail})")
        return "\n".join(lines) + "\n"
