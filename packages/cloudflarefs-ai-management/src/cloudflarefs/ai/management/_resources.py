"""Sync resource groups of :class:`~cloudflarefs.ai.management.AIClient` (besides ``run``)."""

from __future__ import annotations

import builtins
from typing import Any

from cloudflarefs.ai.management._generated import client as _gen
from cloudflarefs.ai.management._generated._transport import SyncHttp
from cloudflarefs.ai.management._generated.models import (
    FinetunesCreateResult,
    FinetunesListPublicResultItem,
    FinetunesListResult,
    FinetunesUploadAssetResult,
)
from cloudflarefs.ai.management._inputs import asset_part, finetune_body, require_id
from cloudflarefs.ai.management._run import check_model
from cloudflarefs.core.pagination import SyncPager

__all__ = ["AIAuthors", "AIFinetunes", "AIModels", "AITasks"]


class AIModels:
    """The model catalogue (``ai.models``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.AIModels(http)

    def list(
        self,
        *,
        search: str | None = None,
        author: str | None = None,
        task: str | None = None,
        hide_experimental: bool | None = None,
        per_page: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> SyncPager[builtins.dict[str, Any]]:
        """Models matching the filters, page by page (``task`` is a task name, e.g. ``Text Generation``)."""
        return self._gen.list(
            account_id=account_id,
            search=search,
            author=author,
            task=task,
            hide_experimental=hide_experimental,
            per_page=per_page,
            max_pages=max_pages,
        )

    def get_schema(self, model: str, *, account_id: str | None = None) -> builtins.dict[str, Any]:
        """The JSON schema of a model's input and output."""
        check_model(model)
        return self._gen.get_schema(model=model, account_id=account_id)


class AIAuthors:
    """Model authors (``ai.authors``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.AIAuthors(http)

    def list(self, *, account_id: str | None = None) -> SyncPager[builtins.dict[str, Any]]:
        """Every model author."""
        return self._gen.list(account_id=account_id)


class AITasks:
    """Model tasks (``ai.tasks``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.AITasks(http)

    def list(self, *, account_id: str | None = None) -> SyncPager[builtins.dict[str, Any]]:
        """Every task (Text Generation, Text Embeddings, ...)."""
        return self._gen.list(account_id=account_id)


class AIFinetunes:
    """LoRA fine-tunes (``ai.finetunes``)."""

    def __init__(self, http: SyncHttp) -> None:
        self._gen = _gen.AIFinetunes(http)

    def create(
        self,
        name: str,
        *,
        model: str,
        description: str | None = None,
        public: bool | None = None,
        account_id: str | None = None,
    ) -> FinetunesCreateResult:
        """Create a fine-tune of ``model``; upload its adapter files with :meth:`upload_asset`."""
        body = finetune_body(name, model=model, description=description, public=public)
        return self._gen.create(body=body, account_id=account_id)

    def list(self, *, account_id: str | None = None) -> FinetunesListResult:
        """The account's fine-tunes."""
        return self._gen.list(account_id=account_id)

    def list_public(
        self,
        *,
        order_by: str | None = None,
        limit: int | None = None,
        max_pages: int | None = None,
        account_id: str | None = None,
    ) -> SyncPager[FinetunesListPublicResultItem]:
        """Public fine-tunes, fetched ``limit`` at a time (offset paging)."""
        return self._gen.list_public(
            account_id=account_id, order_by=order_by, limit=limit, max_pages=max_pages
        )

    def upload_asset(
        self,
        finetune_id: str,
        *,
        file_name: str,
        content: bytes,
        account_id: str | None = None,
    ) -> FinetunesUploadAssetResult:
        """Upload one adapter file (``adapter_config.json``, ``adapter_model.safetensors``)."""
        require_id("finetune_id", finetune_id)
        parts = asset_part(file_name, content)
        return self._gen.upload_asset(finetune_id, extra_parts=parts, account_id=account_id)
