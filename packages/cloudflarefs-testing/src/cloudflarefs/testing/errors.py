"""Exceptions raised by the offline Workers harness."""

from __future__ import annotations


class HarnessError(Exception):
    """Base class for every harness failure (setup, protocol or Node side)."""


class NodeNotFoundError(HarnessError):
    """``node``/``npm`` are missing or too old to run the harness."""


class HarnessInstallError(HarnessError):
    """Installing the harness' npm packages or the workers SDK wheel failed."""


class HarnessCommandError(HarnessError):
    """The Node process rejected a command (a JS exception in the harness itself)."""

    def __init__(self, command: str, js_type: str, message: str, stack: str = "") -> None:
        super().__init__(f"harness command {command!r} failed: {js_type}: {message}")
        self.command = command
        self.js_type = js_type
        self.js_message = message
        self.stack = stack


class PyodideError(HarnessError):
    """Python code running inside Pyodide raised; carries the Pyodide-side traceback."""

    def __init__(self, type_name: str, message: str, traceback: str) -> None:
        super().__init__(f"{type_name}: {message}\n\nPyodide traceback:\n{traceback}")
        self.type_name = type_name
        self.message = message
        self.traceback = traceback
