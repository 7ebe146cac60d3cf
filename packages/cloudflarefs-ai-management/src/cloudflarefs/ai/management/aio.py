"""The async Workers AI management client: ``from cloudflarefs.ai.management.aio import AIClient``."""

from __future__ import annotations

from typing import Any, Literal, overload

from cloudflarefs.ai.management._aio_resources import (
    AIAuthors,
    AIFinetunes,
    AIModels,
    AITasks,
    AIToMarkdown,
)
from cloudflarefs.ai.management._run import RunInputs, build_run, parse_run
from cloudflarefs.ai.management._streams import AsyncEventStream
from cloudflarefs.ai.management._version import __version__
from cloudflarefs.core.http import AsyncHttpClient, AsyncServiceClient

__all__ = [
    "USER_AGENT_PRODUCT",
    "AIAuthors",
    "AIClient",
    "AIFinetunes",
    "AIModels",
    "AITasks",
    "AIToMarkdown",
]

USER_AGENT_PRODUCT = f"cloudflarefs-ai-management/{__version__}"


class AIClient(AsyncServiceClient):
    """Workers AI over the Cloudflare REST API (async).

    Either share an :class:`~cloudflarefs.core.http.AsyncHttpClient` (``http=``) or pass its
    keyword arguments (``api_token=``, ``account_id=``, ...) and the client builds and owns
    one; ``account_id`` set here is the default of every call.

    Example:
        >>> async with AIClient(api_token="...", account_id="...") as ai:  # doctest: +SKIP
        ...     async with await ai.run("@cf/meta/llama-3.1-8b-instruct", {"prompt": "Hi"}, stream=True) as events:
        ...         async for event in events:
        ...             print(event.json()["response"], end="")
    """

    user_agent_product = USER_AGENT_PRODUCT

    models: AIModels
    """The model catalogue and model schemas."""
    authors: AIAuthors
    """Model authors."""
    tasks: AITasks
    """Model tasks."""
    finetunes: AIFinetunes
    """LoRA fine-tunes and their assets."""
    to_markdown: AIToMarkdown
    """Markdown conversion of documents and its supported formats."""

    def _attach(self, http: AsyncHttpClient) -> None:
        self.models = AIModels(http)
        self.authors = AIAuthors(http)
        self.tasks = AITasks(http)
        self.finetunes = AIFinetunes(http)
        self.to_markdown = AIToMarkdown(http)

    @overload
    async def run(
        self,
        model: str,
        inputs: RunInputs = None,
        *,
        stream: Literal[False] = False,
        account_id: str | None = None,
    ) -> Any: ...

    @overload
    async def run(
        self,
        model: str,
        inputs: RunInputs = None,
        *,
        stream: Literal[True],
        account_id: str | None = None,
    ) -> AsyncEventStream: ...

    async def run(
        self,
        model: str,
        inputs: RunInputs = None,
        *,
        stream: bool = False,
        account_id: str | None = None,
    ) -> Any:
        """Run ``model`` (``@cf/...`` or ``@hf/...``) on ``inputs``.

        Args:
            model: the model name; its slashes stay path separators.
            inputs: a dict (or a generated ``Run*Body`` model) sent as JSON, or ``bytes`` sent
                as ``application/octet-stream`` (audio for speech recognition, images for
                classification).
            stream: ask for server-sent events; returns an :class:`AsyncEventStream` of
                :class:`ServerSentEvent` (``event.json()`` is one chunk), ending at ``[DONE]``.
            account_id: overrides the client's default account.

        Returns:
            The envelope's ``result`` (usually a dict) for JSON answers, ``bytes`` for image
            and audio answers, or an :class:`AsyncEventStream` when ``stream=True``.

        Raises:
            InvalidInputError: an empty or malformed model name, empty bytes, or bytes with
                ``stream=True`` (nothing is sent).
        """
        request = build_run(self._http.resolve_account_id(account_id), model, inputs, stream=stream)
        if stream:
            # unasync: async-only
            return await AsyncEventStream.open(self._http.stream(request), request)
            # unasync: end
            # unasync: sync-only return EventStream(self._http.stream(request), request)
        return parse_run(await self._http.send(request))
