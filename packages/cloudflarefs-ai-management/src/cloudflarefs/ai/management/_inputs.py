"""Pure argument checks and request-model builders of the AI client."""

from __future__ import annotations

from cloudflarefs.ai.management._generated.models import FinetunesCreateBody
from cloudflarefs.ai.management._run import check_model
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.unset import UNSET
from cloudflarefs.core.validation import require_non_empty as require_id
from cloudflarefs.core.wire import MultipartPart

__all__ = ["asset_part", "finetune_body", "require_id"]


def finetune_body(
    name: str, *, model: str, description: str | None, public: bool | None
) -> FinetunesCreateBody:
    """The body of ``POST /ai/finetunes``."""
    check_model(model)
    return FinetunesCreateBody(
        name=require_id("name", name),
        model=model,
        description=description if description is not None else UNSET,
        public=public if public is not None else UNSET,
    )


def asset_part(file_name: str, content: bytes) -> list[MultipartPart]:
    """The multipart parts of a fine-tune asset upload: the file (with its name) and its name."""
    require_id("file_name", file_name)
    if not isinstance(content, bytes | bytearray) or not content:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("content must be non-empty bytes")
    return [
        MultipartPart(
            name="file",
            content=bytes(content),
            filename=file_name,
            content_type="application/octet-stream",
        ),
        MultipartPart(name="file_name", content=file_name.encode("utf-8")),
    ]
