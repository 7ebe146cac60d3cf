"""Pure checks and bodies for Workers static-asset direct uploads.

An upload session (``assets.create_upload_session``) answers with buckets of hashes to upload
and a JWT; each bucket goes to ``POST /workers/assets/upload?base64=true`` as multipart form
data, one part per file: named by its hash, holding the base64 of its content.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.wire import MultipartPart

__all__ = ["DEFAULT_ASSET_CONTENT_TYPE", "asset_parts"]

DEFAULT_ASSET_CONTENT_TYPE = "application/octet-stream"
"""The content type of an uploaded file whose type is not given."""

_HASH = re.compile(r"[0-9a-f]{32}")


def asset_parts(
    files: Mapping[str, bytes], content_types: Mapping[str, str] | None = None
) -> list[MultipartPart]:
    """One multipart part per ``{hash: content}`` file, its content base64-encoded.

    Raises:
        InvalidInputError: no file, a hash that is not 32 lowercase hex characters, content that
            is not bytes, or a content type for a hash that is not uploaded.
    """
    if not files:
        raise InvalidInputError("files must hold at least one {hash: content} entry")
    types = dict(content_types or {})
    stray = sorted(set(types) - set(files))
    if stray:
        raise InvalidInputError(f"content_types names hashes that are not uploaded: {stray}")
    parts: list[MultipartPart] = []
    for key, content in files.items():
        if not _HASH.fullmatch(key):
            raise InvalidInputError(
                f"an asset hash is 32 lowercase hex characters (as in the manifest), got {key!r}"
            )
        if not isinstance(content, bytes | bytearray):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"the content of asset {key!r} must be bytes")
        content_type = types.get(key, DEFAULT_ASSET_CONTENT_TYPE)  # key: a str, checked above
        if not content_type.strip():
            raise InvalidInputError(f"the content type of asset {key!r} is empty")
        encoded = base64.b64encode(bytes(content))
        parts.append(MultipartPart(key, encoded, filename=key, content_type=content_type))
    return parts
