"""Lazy access to JS globals, with injection for workerd-only objects."""

from __future__ import annotations

import importlib
from typing import Any


def js_global(name: str) -> Any:
    """``js.<name>`` imported on first use (host CPython has no ``js`` module)."""
    try:
        return getattr(importlib.import_module("js"), name)
    except ImportError as exc:
        raise RuntimeError(
            f"the JS global {name!r} is only available inside Pyodide / a Python Worker; "
            "pass it explicitly on host CPython"
        ) from exc
