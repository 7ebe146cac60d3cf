"""Exceptions of the JS codec."""

from __future__ import annotations

from typing import Any

from cloudflarefs.core.errors import CloudflareError


class JsError(CloudflareError):
    """A JavaScript exception (a rejected promise or a thrown ``Error``) seen from Python.

    Attributes:
        name: the JS error's ``name`` (``"TypeError"``, ``"Error"``, ...).
        js_message: the JS error's ``message``.
        stack: the JS stack when available, else ``""``.
    """

    def __init__(self, name: str, message: str, stack: str = "", *, js_error: Any = None) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.js_message = message
        self.stack = stack
        self.js_error = js_error

    @classmethod
    def from_js(cls, error: Any) -> JsError:
        """Build from a JS error object, or from a Pyodide ``JsException`` wrapping one."""
        # Pyodide's JsException exposes the JS error as `.js_error` (older: `.js_object`).
        inner = getattr(error, "js_error", None) or getattr(error, "js_object", None) or error
        name = _str_attr(inner, "name") or _str_attr(error, "name") or type(error).__name__
        message = _str_attr(inner, "message") or _str_attr(error, "message") or str(error)
        return cls(name, message, _str_attr(inner, "stack"), js_error=inner)


class JsConversionError(CloudflareError, TypeError):
    """A value cannot cross the Python ↔ JS boundary under the codec's rules."""


def _str_attr(obj: Any, name: str) -> str:
    try:
        value = getattr(obj, name, None)
    except Exception:  # a JS getter may throw
        return ""
    return value if isinstance(value, str) else ""
