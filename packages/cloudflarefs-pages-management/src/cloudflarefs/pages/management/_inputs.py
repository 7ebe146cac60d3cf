"""Pure checks and bodies for the Pages helpers: project/domain creation and direct uploads."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.wire import MultipartPart
from cloudflarefs.pages.management._generated.models import DomainsPostInput, ProjectsInput

__all__ = [
    "DEPLOYMENT_FILES",
    "deployment_parts",
    "domain_body",
    "project_body",
]

DEPLOYMENT_FILES = frozenset(
    {
        "_headers",
        "_redirects",
        "_routes.json",
        "_worker.js",
        "_worker.bundle",
        "functions-filepath-routing-config.json",
    }
)
"""The special files a direct-upload deployment may carry next to its manifest."""

_HASH = re.compile(r"^[0-9a-f]{32}$")


def project_body(
    name: str | None, production_branch: str | None, body: ProjectsInput | None
) -> ProjectsInput:
    """The create body from ``name`` (+ ``production_branch``) or a full ``body``."""
    if body is not None:
        if name is not None or production_branch is not None:
            raise InvalidInputError(
                "pass a project name (and production_branch) or body=, not both"
            )
        return body
    if name is None or not name.strip():
        raise InvalidInputError("a Pages project needs a non-empty name")
    if production_branch is not None and not production_branch.strip():
        raise InvalidInputError("production_branch must be non-empty")
    if production_branch is None:
        return ProjectsInput(name=name)
    return ProjectsInput(name=name, production_branch=production_branch)


def domain_body(name: str | None, body: DomainsPostInput | None) -> DomainsPostInput:
    """The add-domain body from a domain name or a ready body."""
    if body is not None:
        if name is not None:
            raise InvalidInputError("pass a domain name or body=, not both")
        return body
    if name is None or not name.strip():
        raise InvalidInputError("a Pages domain needs a non-empty name")
    return DomainsPostInput(name=name)


def _text(name: str, value: str) -> MultipartPart:
    return MultipartPart(name=name, content=value.encode("utf-8"))


def deployment_parts(
    manifest: Mapping[str, str],
    *,
    commit_message: str | None = None,
    commit_hash: str | None = None,
    commit_dirty: bool | None = None,
    files: Mapping[str, bytes | str] | None = None,
) -> list[MultipartPart]:
    """The multipart parts of a direct-upload deployment (``branch`` is added by the caller).

    ``manifest`` maps each asset path (``/index.html``) to the 32-hex-digit hash under which
    it was uploaded to Pages' asset store; ``files`` holds the special files by name (see
    :data:`DEPLOYMENT_FILES`).

    Raises:
        InvalidInputError: a path not starting with ``/``, a malformed hash, an unknown
            special file name.
    """
    for path, digest in manifest.items():
        if not path.startswith("/"):
            raise InvalidInputError(f"manifest paths start with '/': {path!r}")
        if not _HASH.match(digest):
            raise InvalidInputError(
                f"manifest hash for {path!r} must be 32 hex digits, got {digest!r}"
            )
    parts = [_text("manifest", json.dumps(dict(manifest), separators=(",", ":")))]
    if commit_message is not None:
        parts.append(_text("commit_message", commit_message))
    if commit_hash is not None:
        parts.append(_text("commit_hash", commit_hash))
    if commit_dirty is not None:
        parts.append(_text("commit_dirty", "true" if commit_dirty else "false"))
    for name, content in (files or {}).items():
        if name not in DEPLOYMENT_FILES:
            raise InvalidInputError(
                f"unknown deployment file {name!r}; expected one of {sorted(DEPLOYMENT_FILES)}"
            )
        data = content.encode("utf-8") if isinstance(content, str) else content
        content_type = (
            "application/javascript+module" if name == "_worker.js" else "application/octet-stream"
        )
        parts.append(
            MultipartPart(name=name, content=data, filename=name, content_type=content_type)
        )
    return parts
