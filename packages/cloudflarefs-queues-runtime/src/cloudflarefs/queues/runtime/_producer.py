"""``Queue``: the typed producer façade."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cloudflarefs.core import InvalidInputError, ResponseDecodeError, require_items
from cloudflarefs.core.js import from_js, to_js
from cloudflarefs.queues.runtime._calls import call_binding
from cloudflarefs.queues.runtime._limits import (
    MAX_BATCH_BYTES,
    MAX_BATCH_MESSAGES,
    ContentType,
    body_size,
    body_to_js,
    check_delay,
    check_message_size,
    infer_content_type,
)
from cloudflarefs.queues.runtime._models import (
    MessageSendRequest,
    QueueMetrics,
    QueueSendResult,
    metrics_from_py,
    send_result_from_py,
)


def _options(content_type: ContentType, delay_seconds: int | None) -> dict[str, Any]:
    options: dict[str, Any] = {"contentType": content_type}
    if delay_seconds is not None:
        options["delaySeconds"] = delay_seconds
    return options


def _prepared(
    body: object, content_type: ContentType | None, delay_seconds: object, where: str
) -> tuple[Any, dict[str, Any], int | None]:
    """The JS body, the send options and the body's size (``None`` when unknown)."""
    delay = check_delay(delay_seconds, f"{where}: delay_seconds")
    kind = infer_content_type(body) if content_type is None else content_type
    size = body_size(body, kind, where)
    check_message_size(size, where)
    return body_to_js(body, kind), _options(kind, delay), size


class Queue:
    """Typed façade over a queue producer binding: ``jobs = Queue(env.JOBS)``."""

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError("Queue needs a queue producer binding (env.<NAME>), got None")
        self._js: Any = binding

    def __repr__(self) -> str:
        return "Queue(<binding>)"

    async def send(
        self,
        body: object,
        *,
        content_type: ContentType | None = None,
        delay_seconds: int | None = None,
    ) -> QueueSendResult:
        """Send one message.

        ``content_type`` defaults to ``"bytes"`` for bytes-likes, ``"text"`` for ``str`` and
        ``"json"`` otherwise. Raises :class:`~cloudflarefs.core.InvalidInputError` for a body
        that does not fit its content type or is over 128 KB, or a delay outside 0..43200.
        """
        js_body, options, _ = _prepared(body, content_type, delay_seconds, "send")
        js_options = to_js(options)
        return send_result_from_py(
            from_js(await call_binding(lambda: self._js.send(js_body, js_options)), objects="all")
        )

    async def send_batch(
        self,
        messages: Iterable[MessageSendRequest | object],
        *,
        delay_seconds: int | None = None,
    ) -> QueueSendResult:
        """Send up to 100 messages (256 KB in total) in one call.

        Items are :class:`MessageSendRequest`, or bare bodies (content type inferred).
        ``delay_seconds`` applies to messages that set none themselves. A ``str``, bytes or
        mapping passed as ``messages`` raises
        :class:`~cloudflarefs.core.InvalidInputTypeError` (it is one body, not a list of them).
        """
        batch_delay = check_delay(delay_seconds)
        items = [
            m if isinstance(m, MessageSendRequest) else MessageSendRequest(m)
            for m in require_items(messages, "send_batch messages")
        ]
        if not items:
            raise InvalidInputError("send_batch needs at least one message")
        if len(items) > MAX_BATCH_MESSAGES:
            raise InvalidInputError(
                f"send_batch takes at most {MAX_BATCH_MESSAGES} messages, got {len(items)}"
            )
        wire: list[Any] = []
        total = 0
        for i, item in enumerate(items):
            js_body, options, size = _prepared(
                item.body, item.content_type, item.delay_seconds, f"message {i}"
            )
            total += size or 0
            # The body is already a JS value; to_js passes it through untouched.
            wire.append({"body": js_body, **options})
        if total > MAX_BATCH_BYTES:
            raise InvalidInputError(
                f"send_batch bodies total {total} bytes, over the {MAX_BATCH_BYTES}-byte limit"
            )
        js_messages = to_js(wire)
        js_options = to_js({} if batch_delay is None else {"delaySeconds": batch_delay})
        return send_result_from_py(
            from_js(
                await call_binding(lambda: self._js.sendBatch(js_messages, js_options)),
                objects="all",
            )
        )

    async def metrics(self) -> QueueMetrics:
        """The queue's current backlog (count, bytes, oldest message time)."""
        data = from_js(await call_binding(lambda: self._js.metrics()), objects="all")
        metrics = metrics_from_py(data)
        if metrics is None:
            raise ResponseDecodeError(f"expected queue metrics, got {type(data).__name__}")
        return metrics
