"""The Cloudflare v4 response envelope: ``{success, errors, messages, result, result_info}``.

:func:`parse_envelope` is the single place that decides whether a response is a failure:
``success: false`` raises even on HTTP 200, and every product's variant of the envelope
(int or string error codes, string messages) is accepted.
"""

from __future__ import annotations

import datetime
import email.utils
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

import cloudflarefs.core.errors as _errors
from cloudflarefs.core.errors import (
    APIStatusError,
    RateLimitError,
    ResponseDecodeError,
    error_class_for_status,
)
from cloudflarefs.core.wire import ApiResponse

if TYPE_CHECKING:
    from cloudflarefs.core.errors import ResponseMessage

__all__ = [
    "Envelope",
    "parse_envelope",
    "parse_messages",
    "raise_for_status",
    "retry_after_seconds",
]

T = TypeVar("T")


@attrs.frozen
class Envelope(Generic[T]):
    """A parsed, successful envelope. ``result`` is the raw JSON until a model structures it."""

    result: T
    messages: tuple[ResponseMessage, ...] = ()
    result_info: Mapping[str, Any] | None = None
    response: ApiResponse | None = attrs.field(default=None, repr=False, eq=False)

    def with_result(self, result: T) -> Envelope[T]:
        """A copy whose result has been replaced (e.g. by its structured model)."""
        return attrs.evolve(self, result=result)


def _message(item: object) -> ResponseMessage:
    if isinstance(item, str):
        return _errors.ResponseMessage(code=None, message=item)
    if isinstance(item, Mapping):
        data: Mapping[str, Any] = item  # pyright: ignore[reportUnknownVariableType]
        code = data.get("code")
        if not isinstance(code, (int, str)) or isinstance(code, bool):
            code = None
        message = data.get("message")
        extra = {k: v for k, v in data.items() if k not in ("code", "message")}
        return _errors.ResponseMessage(
            code=code, message=str(message) if message is not None else "", extra=extra
        )
    return _errors.ResponseMessage(code=None, message=str(item))


def parse_messages(value: object) -> tuple[ResponseMessage, ...]:
    """Parse ``errors``/``messages``: a list of objects or strings; anything else yields ``()``."""
    if isinstance(value, list):
        items: list[object] = value  # pyright: ignore[reportUnknownVariableType]
        return tuple(_message(x) for x in items)
    if isinstance(value, (Mapping, str)) and value:
        return (_message(value),)  # pyright: ignore[reportUnknownArgumentType]
    return ()


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The server's requested wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms) / 1000.0
        except ValueError:
            value = -1.0
        if value >= 0:
            return value
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" or no zone: HTTP dates are always GMT
            when = when.replace(tzinfo=datetime.UTC)
        seconds = when.timestamp() - (time.time() if now is None else now)
        return max(seconds, 0.0)
    return seconds if seconds >= 0 else None


def _error_from(response: ApiResponse, payload: object, status: int) -> APIStatusError:
    errors: tuple[ResponseMessage, ...] = ()
    messages: tuple[ResponseMessage, ...] = ()
    if isinstance(payload, Mapping):
        body: Mapping[str, Any] = payload  # pyright: ignore[reportUnknownVariableType]
        errors = parse_messages(body.get("errors"))
        messages = parse_messages(body.get("messages"))
        if not errors and isinstance(body.get("error"), str):  # Workers AI 404 shape
            errors = (_errors.ResponseMessage(code=None, message=body["error"]),)
    if not errors and not isinstance(payload, Mapping) and response.content:
        errors = (_errors.ResponseMessage(code=None, message=response.text[:200]),)
    cls = error_class_for_status(status)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "errors": errors,
        "messages": messages,
        "ray_id": response.ray_id,
        "method": response.method,
        "path": response.path,
        "body": response.content,
        "headers": response.headers,
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = retry_after_seconds(response.headers)
    return cls(**kwargs)


def _json_or_none(response: ApiResponse) -> object:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def raise_for_status(response: ApiResponse) -> None:
    """Raise the matching :class:`APIStatusError` if the status is not 2xx.

    For endpoints whose success body is not an envelope (KV values, script content) but whose
    errors are.
    """
    if not response.is_success:
        raise _error_from(response, _json_or_none(response), response.status_code)


def parse_envelope(response: ApiResponse) -> Envelope[Any]:
    """Parse a v4 envelope, raising on an error status or on ``success: false``.

    Raises:
        APIStatusError: (a subclass by status) for non-2xx or ``success: false``.
        ResponseDecodeError: a 2xx body that is not a JSON object.
    """
    payload = _json_or_none(response)
    if not response.is_success:
        raise _error_from(response, payload, response.status_code)
    if not isinstance(payload, Mapping):
        raise ResponseDecodeError(
            "response is not a JSON envelope object",
            body=response.content,
            method=response.method,
            path=response.path,
        )
    body: Mapping[str, Any] = payload  # pyright: ignore[reportUnknownVariableType]
    if body.get("success") is False:
        raise _error_from(response, body, response.status_code)
    info = body.get("result_info")
    return Envelope(
        result=body.get("result"),
        messages=parse_messages(body.get("messages")),
        result_info=info if isinstance(info, Mapping) else None,  # pyright: ignore[reportUnknownArgumentType]
        response=response,
    )
