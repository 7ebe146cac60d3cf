"""Errors of the ``cloudflarefs`` command: each names the file and field that is wrong."""

from __future__ import annotations

from pathlib import Path


class CliError(Exception):
    """A command cannot go on; the message says why (and never holds a secret)."""


class ConfigError(CliError):
    """A project file is malformed or asks for something that cannot be deployed.

    Raised while planning, before any request, so nothing is half-deployed.
    """

    def __init__(self, file: Path | str, field: str | None, problem: str) -> None:
        self.file = Path(file)
        self.field = field
        self.problem = problem
        where = f"{self.file}: {field}" if field else str(self.file)
        super().__init__(f"{where}: {problem}")
