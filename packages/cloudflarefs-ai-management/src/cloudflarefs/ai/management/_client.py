"""The sync Workers AI management client."""

from __future__ import annotations

from typing import Any, Literal, overload

from cloudflarefs.ai.management._resources import (
    AIAuthors,
    AIFinetunes,
    AIModels,
    AITasks,
)
from cloudflarefs.ai.management._run import RunInputs, build_run, parse_run
from cloudflarefs.ai.management._streams import EventStream
from cloudflarefs.ai.management._version import __version__
from cloudflarefs.core.http import HttpClient, ServiceClient

__all__ = ["USER_AGENT_PRODUCT", "AIClient"]

USER_AGENT_PRODUCT = f"cloudflarefs-ai-management/{__version__}"


class AIClient(ServiceClient):
    """Workers AI over the Cloudflare REST API (sync).

    Either share an existing :class:`~cloudflarefs.core.http.HttpClient` (``http=``), or pass
    its keyword arguments (``api_token=``, ``account_id=``, ``base_url=``, ``transport=``, ...)
    and the client builds and owns one. The ``account_id`` given here is the default of every
    call; each method also takes ``account_id=``. :meth:`run` runs any model: JSON inputs,
    bytes inputs (audio, images), bytes outputs (images), and ``stream=True`` for server-sent
    events.

    Example:
        >>> with AIClient(api_token="...", account_id="...") as ai:  # doctest: +SKIP
        ...     out = ai.run("@cf/meta/llama-3.1-8b-instruct", {"prompt": "Hi"})
        ...     with ai.run("@cf/meta/llama-3.1-8b-instruct", {"prompt": "Hi"}, stream=True) as events:
        ...         text = "".join(e.json()["response"] for e in events)
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

    def _attach(self, http: HttpClient) -> None:
        self.models = AIModels(http)
        self.authors = AIAuthors(http)
        self.tasks = AITasks(http)
        self.finetunes = AIFinetunes(http)

    @overload
    def run(
        self,
        model: str,
        inputs: RunInputs = None,
        *,
        stream: Literal[False] = False,
        account_id: str | None = None,
    ) -> Any: ...

    @overload
    def run(
        self,
        model: str,
        inputs: RunInputs = None,
        *,
        stream: Literal[True],
        account_id: str | None = None,
    ) -> EventStream: ...

    def run(
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
            stream: ask for server-sent events; returns an :class:`EventStream` of
                :class:`ServerSentEvent` (``event.json()`` is one chunk), ending at ``[DONE]``.
            account_id: overrides the client's default account.

        Returns:
            The envelope's ``result`` (usually a dict) for JSON answers, ``bytes`` for image
            and audio answers, or an :class:`EventStream` when ``stream=True``.

        Raises:
            InvalidInputError: an empty or malformed model name, empty bytes, or bytes with
                ``stream=True`` (nothing is sent).
        """
        request = build_run(self._http.resolve_account_id(account_id), model, inputs, stream=stream)
        if stream:
            return EventStream(self._http.stream(request), request)
        return parse_run(self._http.send(request))
