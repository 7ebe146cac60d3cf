"""Lazy access to JS stream constructors, with injection for workerd-only ones."""

from __future__ import annotations

import importlib
from typing import Any


def js_constructor(name: str, streams: Any = None) -> Any:
    """``streams.<name>`` if ``streams`` is given, else the JS global ``<name>``."""
    if streams is not None:
        return getattr(streams, name)
    try:
        return getattr(importlib.import_module("js"), name)
    except ImportError as exc:
        raise RuntimeError(
            f"the JS global {name!r} is only available inside Pyodide / a Python Worker; "
            "pass streams= explicitly on host CPython"
        ) from exc
    except AttributeError as exc:
        raise RuntimeError(
            f"this JS runtime has no {name!r} (workerd-only?); pass streams= with one"
        ) from exc
