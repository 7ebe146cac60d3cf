"""Async resource groups of :class:`~cloudflarefs.ai.management.aio.AIClient` (besides ``run``).

The pass-through methods are generated (``_generated/aio.py``, shaped by the ``ai`` overlay);
this module adds fine-tune creation and asset upload, and Markdown conversion uploads. It is the one hand-written copy: the sync
module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

import builtins
from typing import Unpack

import cloudflarefs.ai.management._generated.aio as _gen
from cloudflarefs.ai.management._generated.models import (
    FinetunesCreateResult,
    FinetunesUploadAssetResult,
    ToMarkdownTransformResultItem,
)
from cloudflarefs.ai.management._inputs import asset_part, finetune_body
from cloudflarefs.ai.management._markdown import MarkdownFiles, markdown_parts
from cloudflarefs.core.validation import require_non_empty
from cloudflarefs.core.wire import RequestOptions

__all__ = ["AIAuthors", "AIFinetunes", "AIModels", "AITasks", "AIToMarkdown"]


class AIModels(_gen.AIModels):
    """The model catalogue (``ai.models``)."""


class AIAuthors(_gen.AIAuthors):
    """Model authors (``ai.authors``)."""


class AITasks(_gen.AITasks):
    """Model tasks (``ai.tasks``)."""


class AIToMarkdown(_gen.AIToMarkdown):
    """Markdown conversion of documents (``ai.to_markdown``): PDF, HTML, images, Office, ..."""

    async def transform(
        self,
        files: MarkdownFiles,
        *,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[ToMarkdownTransformResultItem]:
        """Convert files to Markdown: one result per file, in order.

        ``files`` maps file names to contents (or is a list of ``(name, content)`` pairs); the
        name's extension tells the service the format (see :meth:`supported`). A file that
        cannot be converted comes back with ``format == "error"``.
        """
        return await self._transform(
            extra_parts=markdown_parts(files), account_id=account_id, **options
        )


class AIFinetunes(_gen.AIFinetunes):
    """LoRA fine-tunes (``ai.finetunes``)."""

    async def create(
        self,
        name: str,
        *,
        model: str,
        description: str | None = None,
        public: bool | None = None,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FinetunesCreateResult:
        """Create a fine-tune of ``model``; upload its adapter files with :meth:`upload_asset`."""
        body = finetune_body(name, model=model, description=description, public=public)
        return await self._create(body=body, account_id=account_id, **options)

    async def upload_asset(
        self,
        finetune_id: str,
        *,
        file_name: str,
        content: bytes,
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FinetunesUploadAssetResult:
        """Upload one adapter file (``adapter_config.json``, ``adapter_model.safetensors``)."""
        require_non_empty("finetune_id", finetune_id)
        parts = asset_part(file_name, content)
        return await self._upload_asset(
            finetune_id, extra_parts=parts, account_id=account_id, **options
        )
