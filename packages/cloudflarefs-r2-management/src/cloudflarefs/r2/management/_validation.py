"""Input checks that run before any request is built (they raise InvalidInputError)."""

from __future__ import annotations

import re

from cloudflarefs.core.errors import InvalidInputError

__all__ = ["check_bucket_name", "require_id"]

# R2 bucket names: 3-63 characters of lowercase letters, digits and hyphens, starting and
# ending with a letter or digit (the API answers 400 otherwise; we fail before sending).
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")


def require_id(name: str, value: str) -> str:
    """``value`` if it is a non-blank string, else InvalidInputError naming ``name``."""
    if not isinstance(value, str) or not value.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_bucket_name(name: str) -> str:
    """A valid R2 bucket name, else InvalidInputError explaining the rule."""
    require_id("bucket_name", name)
    if not _BUCKET_NAME.fullmatch(name):
        raise InvalidInputError(
            f"invalid R2 bucket name {name!r}: use 3-63 lowercase letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    return name
