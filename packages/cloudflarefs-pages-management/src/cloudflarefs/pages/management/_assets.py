"""Pure checks and bodies for the Pages Direct Upload asset store (``/pages/assets/*``).

The asset endpoints are not account-scoped: they authenticate with the short-lived JWT from
``projects.get_upload_token``, never with the account's API token.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.pages.management._generated.models import (
    AssetsUploadBodyItem,
    AssetsUploadBodyItemMetadata,
)

__all__ = ["DEFAULT_ASSET_CONTENT_TYPE", "asset_hashes", "upload_items"]

DEFAULT_ASSET_CONTENT_TYPE = "application/octet-stream"
"""The content type of an uploaded file whose type is not given."""

_HASH = re.compile(r"[0-9a-f]{32}")


def _check_hash(value: object) -> str:
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise InvalidInputError(
            f"an asset hash is 32 lowercase hex characters (as in a deployment manifest), got {value!r}"
        )
    return value


def asset_hashes(hashes: Iterable[str]) -> list[str]:
    """The hashes as a list, each checked (32 lowercase hex characters), at least one.

    Raises:
        InvalidInputError: a malformed hash, a bare string instead of a list, or no hash.
    """
    if isinstance(hashes, (str, bytes)):
        raise InvalidInputError("hashes must be a list of asset hashes, not a single string")
    checked = [_check_hash(h) for h in hashes]
    if not checked:
        raise InvalidInputError("hashes must name at least one asset")
    return checked


def upload_items(
    files: Mapping[str, bytes], content_types: Mapping[str, str] | None = None
) -> list[AssetsUploadBodyItem]:
    """The upload body: one base64 item per ``{hash: content}`` file.

    ``content_types`` gives a file's MIME type by hash (``application/octet-stream`` otherwise).

    Raises:
        InvalidInputError: no file, a malformed hash, content that is not bytes, or a content
            type for a hash that is not uploaded.
    """
    if not files:
        raise InvalidInputError("files must hold at least one {hash: content} entry")
    types = dict(content_types or {})
    stray = sorted(set(types) - set(files))
    if stray:
        raise InvalidInputError(f"content_types names hashes that are not uploaded: {stray}")
    items: list[AssetsUploadBodyItem] = []
    for key, content in files.items():
        if not isinstance(content, bytes | bytearray):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"the content of asset {key!r} must be bytes")
        hash_ = _check_hash(key)
        content_type = types.get(hash_, DEFAULT_ASSET_CONTENT_TYPE)
        if not content_type.strip():
            raise InvalidInputError(f"the content type of asset {key!r} is empty")
        items.append(
            AssetsUploadBodyItem(
                base64=True,
                key=hash_,
                metadata=AssetsUploadBodyItemMetadata(content_type=content_type),
                value=base64.b64encode(bytes(content)).decode("ascii"),
            )
        )
    return items
