"""Markdown conversion uploads: one ``files`` part per file, named, with a guessed media type."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from typing import cast

from cloudflarefs.core.errors import InvalidInputError, InvalidInputTypeError
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import MultipartPart

__all__ = ["MarkdownFiles", "markdown_parts"]

MarkdownFiles = Mapping[str, bytes] | Iterable[tuple[str, bytes]]
"""Files to convert: file name -> content, as a mapping or (name, content) pairs."""


def markdown_parts(files: MarkdownFiles) -> list[MultipartPart]:
    """The multipart parts of a conversion: at least one file, each named, content as bytes.

    The file name travels with each part (the service picks the converter by its extension);
    the media type is guessed from it (``application/octet-stream`` when unknown).
    """
    if isinstance(files, str | bytes | bytearray | memoryview):
        raise InvalidInputTypeError("files must map file names to contents, not be one value")
    source = cast(object, files)
    items = cast(
        Iterable[object],
        cast(Mapping[object, object], source).items() if isinstance(source, Mapping) else source,
    )
    parts: list[MultipartPart] = []
    for pair in items:
        if not isinstance(pair, tuple) or len(cast(tuple[object, ...], pair)) != 2:
            raise InvalidInputTypeError("each file is a (file name, content) pair")
        name, content = cast(tuple[object, object], pair)
        if not isinstance(name, str):
            raise InvalidInputTypeError(f"a file name must be a str, got {type(name).__name__}")
        require_non_empty("file name", name)
        if not isinstance(content, bytes | bytearray | memoryview):
            raise InvalidInputTypeError(
                f"the content of {name!r} must be bytes, got {type(content).__name__}"
            )
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        parts.append(
            MultipartPart(
                name="files",
                content=bytes(cast(bytes, content)),
                filename=name,
                content_type=media_type,
            )
        )
    if not parts:
        raise InvalidInputError("transform needs at least one file")
    return parts
