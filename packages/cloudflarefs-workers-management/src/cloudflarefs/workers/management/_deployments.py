"""Pure building of a percentage deployment body from ``{version_id: percentage}``."""

from __future__ import annotations

import math
from collections.abc import Mapping

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.workers.management._generated.models import (
    DeploymentsCreateBody,
    DeploymentsCreateBodyAnnotations,
    DeploymentsCreateBodyVersionsItem,
)

__all__ = ["MAX_DEPLOYMENT_MESSAGE", "deployment_body"]

MAX_DEPLOYMENT_MESSAGE = 50
"""The API's limit on ``annotations["workers/message"]``."""


def deployment_body(
    versions: str | Mapping[str, float], *, message: str | None = None
) -> DeploymentsCreateBody:
    """A deployment sending the given share of traffic to each version (must total 100).

    ``versions`` is one version id (100 %) or ``{version_id: percentage}`` with up to two
    entries for a gradual rollout.

    Raises:
        InvalidInputError: no versions, an empty id, a percentage outside (0, 100], a total
            other than 100, or a message over 50 characters.
    """
    shares = {versions: 100.0} if isinstance(versions, str) else dict(versions)
    if not shares:
        raise InvalidInputError("a deployment needs at least one version")
    for version_id, percentage in shares.items():
        if not version_id.strip():
            raise InvalidInputError("version ids must be non-empty")
        if not 0 < percentage <= 100:
            raise InvalidInputError(
                f"percentage for {version_id!r} must be in (0, 100], got {percentage!r}"
            )
    total = sum(shares.values())
    if not math.isclose(total, 100.0, abs_tol=1e-9):
        raise InvalidInputError(f"version percentages must total 100, got {total:g}")
    if message is not None and len(message) > MAX_DEPLOYMENT_MESSAGE:
        raise InvalidInputError(
            f"deployment message is {len(message)} characters; the limit is {MAX_DEPLOYMENT_MESSAGE}"
        )
    return DeploymentsCreateBody(
        strategy="percentage",
        versions=[
            DeploymentsCreateBodyVersionsItem(version_id=v, percentage=float(p))
            for v, p in shares.items()
        ],
        annotations=(
            DeploymentsCreateBodyAnnotations(workers_message=message)
            if message is not None
            else UNSET
        ),
    )
