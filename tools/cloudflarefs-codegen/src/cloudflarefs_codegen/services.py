"""The service table: which paths belong to which management package.

The regexes are the checked segmentation of the 2024-08-06 spec (first match wins, so
durable_objects and workers_for_platforms precede the generic workers pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SERVICES", "Service", "service_for_path"]


@dataclass(frozen=True)
class Service:
    """One management package: its Python name, distribution and path patterns."""

    name: str
    class_stem: str
    title: str
    patterns: tuple[str, ...]

    @property
    def dist(self) -> str:
        """``cloudflarefs-durable-objects-management``."""
        return f"cloudflarefs-{self.name.replace('_', '-')}-management"

    @property
    def package_dir(self) -> str:
        """Path of the package directory relative to the repository root."""
        return f"packages/{self.dist}"

    @property
    def generated_dir(self) -> str:
        """Path of the ``_generated`` directory relative to the repository root."""
        return f"{self.package_dir}/src/cloudflarefs/{self.name}/management/_generated"

    @property
    def module(self) -> str:
        """``cloudflarefs.kv.management``."""
        return f"cloudflarefs.{self.name}.management"

    def matches(self, path: str) -> bool:
        """Whether ``path`` belongs to this service."""
        return any(re.search(p, path) for p in self.patterns)


_A = r"^/accounts/\{account_id\}/"

SERVICES: tuple[Service, ...] = (
    Service(
        "kv",
        "KV",
        "Workers KV",
        (_A + r"storage/kv/namespaces(/|$)", _A + r"storage/analytics(/|$)"),
    ),
    Service("r2", "R2", "R2", (_A + r"r2/", _A + r"event_notifications/r2/")),
    Service("d1", "D1", "D1", (_A + r"d1/",)),
    Service("ai", "AI", "Workers AI", (_A + r"ai/",)),
    Service("queues", "Queues", "Queues", (_A + r"queues(/|$)",)),
    Service("vectorize", "Vectorize", "Vectorize", (_A + r"vectorize/",)),
    Service("hyperdrive", "Hyperdrive", "Hyperdrive", (_A + r"hyperdrive/",)),
    Service(
        "durable_objects", "DurableObjects", "Durable Objects", (_A + r"workers/durable_objects/",)
    ),
    Service(
        "workers_for_platforms",
        "WorkersForPlatforms",
        "Workers for Platforms",
        (_A + r"workers/dispatch/",),
    ),
    Service(
        "workers",
        "Workers",
        "Workers",
        (_A + r"workers/(?!dispatch/|durable_objects/)", r"^/zones/\{zone_id\}/workers/"),
    ),
    Service("pages", "Pages", "Pages", (_A + r"pages/",)),
    Service(
        "analytics_engine",
        "AnalyticsEngine",
        "Workers Analytics Engine",
        (_A + r"analytics_engine/",),
    ),
    Service("workflows", "Workflows", "Workflows", (_A + r"workflows(/|$)",)),
    Service("secrets_store", "SecretsStore", "Secrets Store", (_A + r"secrets_store/",)),
)

BY_NAME = {s.name: s for s in SERVICES}


def service_for_path(path: str) -> Service | None:
    """The first service whose patterns match ``path``."""
    for service in SERVICES:
        if service.matches(path):
            return service
    return None
