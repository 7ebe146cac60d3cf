"""Building ``POST /ai/run/{model}`` requests and reading their responses (pure).

The model name keeps its slashes (``@cf/meta/llama-3.1-8b-instruct`` is three path segments
on the wire), so this request is built here rather than by the generated ``run.model``
builder, which percent-encodes the whole name as one segment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias, cast

import attrs
from attrs import AttrsInstance

from cloudflarefs.core.converter import unstructure
from cloudflarefs.core.envelope import parse_envelope, raise_for_status
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.wire import ApiRequest, ApiResponse, build_path, path_segment

__all__ = ["RunInputs", "build_run", "check_model", "parse_run"]

RunInputs: TypeAlias = Mapping[str, Any] | AttrsInstance | bytes | bytearray | None
"""JSON inputs (a dict or a generated ``Run*Body`` model) or raw bytes (audio, images)."""


def check_model(model: str) -> list[str]:
    """The model name's path segments, or InvalidInputError for a name that cannot be one."""
    if not isinstance(model, str) or not model.strip():  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(f"model must be a non-empty model name, got {model!r}")
    segments = model.split("/")
    if any(s in ("", ".", "..") for s in segments) or any(
        c.isspace() or c in "?#" or ord(c) < 0x20 for c in model
    ):
        raise InvalidInputError(
            f"invalid model name {model!r}: expected something like '@cf/meta/llama-3.1-8b-instruct'"
        )
    return segments


def _json_inputs(inputs: object) -> dict[str, Any]:
    if attrs.has(type(inputs)):
        data = unstructure(inputs)
        if isinstance(data, dict):
            return cast(dict[str, Any], data)
    elif isinstance(inputs, Mapping):
        return {str(k): v for k, v in cast(Mapping[Any, Any], inputs).items()}
    raise InvalidInputError(
        f"inputs must be a dict, a generated Run*Body model or bytes, got {type(inputs).__name__}"
    )


def build_run(account_id: str, model: str, inputs: RunInputs, *, stream: bool) -> ApiRequest:
    """The request running ``model`` on ``inputs`` (``stream=True`` asks for server-sent events)."""
    segments = check_model(model)
    path = build_path("/accounts/{account_id}/ai/run", account_id=account_id)
    # Each part of the model name is one segment, checked by core like every path parameter.
    path += "/" + "/".join(path_segment("model", s, safe="@:") for s in segments)
    if isinstance(inputs, bytes | bytearray):
        if stream:
            raise InvalidInputError("stream=True needs JSON inputs, not bytes")
        if not inputs:
            raise InvalidInputError("binary inputs must not be empty")
        return ApiRequest(
            method="POST",
            path=path,
            headers={"Content-Type": "application/octet-stream"},
            content=bytes(inputs),
            response_kind="bytes",
        )
    body: dict[str, Any] = {} if inputs is None else _json_inputs(inputs)
    if stream:
        body = {**body, "stream": True}
        return ApiRequest(
            method="POST",
            path=path,
            headers={"Accept": "text/event-stream"},
            json=body,
            response_kind="stream",
        )
    return ApiRequest(method="POST", path=path, json=body, response_kind="bytes")


def parse_run(response: ApiResponse) -> Any:
    """The model's result: the envelope's ``result`` for JSON, the raw bytes otherwise.

    Image models answer ``image/png`` and the like; text-to-speech answers ``audio/*``; both
    come back as ``bytes``. Errors raise the status's :class:`~cloudflarefs.core.errors.APIStatusError`.
    """
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json") or not content_type:
        return parse_envelope(response).result
    raise_for_status(response)
    return response.content
