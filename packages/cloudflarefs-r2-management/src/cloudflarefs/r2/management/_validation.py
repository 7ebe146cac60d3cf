"""Input checks that run before any request is built (they raise InvalidInputError)."""

from __future__ import annotations

import re

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.validation import require_non_empty as require_id

__all__ = ["check_bucket_name", "require_id"]

# R2 bucket names: 3-63 characters of lowercase letters, digits and hyphens, starting and
# ending with a letter or digit (the API answers 400 otherwise; we fail before sending).
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")


def check_bucket_name(name: str) -> str:
    """A valid R2 bucket name, else InvalidInputError explaining the rule."""
    require_id("bucket_name", name)
    if not _BUCKET_NAME.fullmatch(name):
        raise InvalidInputError(
            f"invalid R2 bucket name {name!r}: use 3-63 lowercase letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    return name
