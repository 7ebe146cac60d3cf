"""Input checks that run before any call reaches the AI binding."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError

Role = Literal["system", "user", "assistant", "tool"]
"""A chat message role."""
ROLES: tuple[Role, ...] = ("system", "user", "assistant", "tool")
MAX_EMBEDDING_TEXTS = 100
"""Texts per embeddings call (Workers AI's batch limit for the bge models)."""


def check_model(model: object) -> str:
    """A non-empty model name such as ``@cf/meta/llama-3.1-8b-instruct``."""
    if not isinstance(model, str) or not model.strip():
        raise InvalidInputError(f"model must be a non-empty model name, got {model!r}")
    return model


def check_text(value: object, name: str) -> str:
    """A non-blank ``str``."""
    if not isinstance(value, str):
        raise InvalidInputTypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise InvalidInputError(f"{name} must not be empty")
    return value


def check_bytes(value: object, name: str) -> bytes:
    """Non-empty bytes-like data, copied."""
    if not isinstance(value, bytes | bytearray | memoryview):
        raise InvalidInputTypeError(f"{name} must be bytes, got {type(value).__name__}")
    data = bytes(value)  # pyright: ignore[reportUnknownArgumentType]
    if not data:
        raise InvalidInputError(f"{name} must not be empty")
    return data


def check_int(value: object, name: str, *, minimum: int) -> int:
    """An ``int`` (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInputError(f"{name} must be an int >= {minimum}, got {value!r}")
    return value


def check_number(value: object, name: str, *, minimum: float | None = None) -> float:
    """A finite number, optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and value < minimum:
        raise InvalidInputError(f"{name} must be >= {minimum}, got {value!r}")
    return float(value)


def check_messages(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chat messages (``Message`` objects already unstructured) as wire dicts."""
    if isinstance(messages, str | bytes) or not isinstance(messages, Sequence):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("messages must be a list of Message")
    if not messages:
        raise InvalidInputError("messages must not be empty")
    wire: list[dict[str, Any]] = []
    for i, message in enumerate(messages):
        if not isinstance(message, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(
                f"messages[{i}] must be a Message, got {type(message).__name__}"
            )
        role = message.get("role")
        if role not in ROLES:
            raise InvalidInputError(f"messages[{i}].role must be one of {ROLES}, got {role!r}")
        content = message.get("content")
        if not isinstance(content, str):
            raise InvalidInputTypeError(f"messages[{i}].content must be a str, got {content!r}")
        wire.append(dict(message))
    return wire


def check_embedding_texts(text: str | Sequence[str]) -> str | list[str]:
    """One text, or 1..100 texts; none may be blank."""
    if isinstance(text, str):
        return check_text(text, "text")
    if not isinstance(text, Sequence) or isinstance(text, bytes):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"text must be a str or a list of str, got {type(text).__name__}"
        )
    if not 1 <= len(text) <= MAX_EMBEDDING_TEXTS:
        raise InvalidInputError(f"text must hold 1..{MAX_EMBEDDING_TEXTS} strings, got {len(text)}")
    return [check_text(t, f"text[{i}]") for i, t in enumerate(text)]
