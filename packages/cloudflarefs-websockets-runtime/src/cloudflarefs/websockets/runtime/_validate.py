"""Checks done before any JS call: close codes and reasons, message payloads."""

from __future__ import annotations

from typing import Final

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError

MAX_CLOSE_REASON_BYTES: Final = 123
"""Longest close reason in UTF-8 bytes (a control frame carries 125 bytes, 2 are the code)."""

NORMAL_CLOSURE: Final = 1000
"""The only close code below 3000 an application may send."""
APPLICATION_CODES: Final = range(3000, 5000)
"""Close codes applications may send: 3000-3999 (registered) and 4000-4999 (private use)."""


def check_close(code: int | None, reason: str | None) -> None:
    """Validate ``close(code, reason)`` the way the WebSocket spec does for ``close()``."""
    if code is not None:
        if isinstance(code, bool) or not isinstance(code, int):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"close code must be an int, got {type(code).__name__}")
        if code != NORMAL_CLOSURE and code not in APPLICATION_CODES:
            raise InvalidInputError(
                f"close code {code} cannot be sent by an application: use 1000 or 3000-4999"
            )
    if reason is not None:
        if code is None:
            raise InvalidInputError("a close reason needs a close code (for example 1000)")
        if not isinstance(reason, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"close reason must be a str, got {type(reason).__name__}")
        size = len(reason.encode("utf-8"))
        if size > MAX_CLOSE_REASON_BYTES:
            raise InvalidInputError(
                f"close reason is {size} bytes in UTF-8; at most {MAX_CLOSE_REASON_BYTES} fit"
            )


def check_payload(data: object) -> str | bytes:
    """A ``str`` (text frame) or bytes-like (binary frame, copied); anything else is refused."""
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(
        f"a WebSocket message is str (text) or bytes (binary), got {type(data).__name__}"
    )
