"""What ``cloudflarefs deploy`` needs to create resources a wrangler config cannot describe.

A Vectorize index needs dimensions and a metric, a Hyperdrive config a database connection
string; wrangler's ``[[vectorize]]`` and ``[[hyperdrive]]`` entries hold neither (``wrangler
vectorize create`` / ``wrangler hyperdrive create`` take them on the command line). They are
read from ``pyproject.toml`` (where pywrangler projects keep their settings, and where wrangler
never looks), so the wrangler config stays valid for wrangler::

    [tool.cloudflarefs.vectorize.semantic-search]   # by index_name
    dimensions = 384
    metric = "cosine"            # or "euclidean", "dot-product"; or: preset = "@cf/baai/..."

    [tool.cloudflarefs.hyperdrive.DB]                # by binding name
    origin_env = "DB_ORIGIN_URL" # the environment variable holding postgres://user:pw@host/db

The connection string (with its password) comes from the environment, never from a file.
Everything here is local: errors name ``pyproject.toml`` and the field, before any request.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import attrs

from cloudflarefs.cli.errors import ConfigError

METRICS = ("cosine", "euclidean", "dot-product")
MAX_DIMENSIONS = 1536


@attrs.frozen
class IndexSettings:
    """How to create a Vectorize index: ``dimensions`` and ``metric``, or a ``preset``."""

    dimensions: int | None = None
    metric: str | None = None
    preset: str | None = None
    description: str | None = None

    def shape(self) -> str:
        """``384 dimensions, cosine`` or ``preset <model>``."""
        if self.preset:
            return f"preset {self.preset}"
        return f"{self.dimensions} dimensions, {self.metric}"


@attrs.frozen
class HyperdriveSettings:
    """Where the connection string of a Hyperdrive config to create comes from."""

    origin_env: str
    name: str | None = None

    def connection_string(self, pyproject: Path, field: str) -> str:
        """The connection string from the environment.

        Raises:
            ConfigError: the variable is not set (the message never holds its value).
        """
        value = os.environ.get(self.origin_env, "")
        if not value.strip():
            raise ConfigError(
                pyproject,
                f"{field}.origin_env",
                f"environment variable {self.origin_env} is not set (it must hold the "
                "database's postgres://user:password@host:port/database connection string)",
            )
        return value.strip()


@attrs.frozen
class ToolConfig:
    """``[tool.cloudflarefs]`` of the project's ``pyproject.toml`` (empty when absent)."""

    path: Path
    vectorize: dict[str, IndexSettings] = attrs.field(factory=dict[str, IndexSettings])
    hyperdrive: dict[str, HyperdriveSettings] = attrs.field(factory=dict[str, HyperdriveSettings])


def _table(path: Path, value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, field, "must be a table")
    return value  # pyright: ignore[reportUnknownVariableType]


def _only(path: Path, table: dict[str, Any], field: str, known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            path, f"{field}.{unknown[0]}", f"unknown setting (known: {', '.join(sorted(known))})"
        )


def _index(path: Path, table: dict[str, Any], field: str) -> IndexSettings:
    _only(path, table, field, {"dimensions", "metric", "preset", "description"})
    description = table.get("description")
    if description is not None and not isinstance(description, str):
        raise ConfigError(path, f"{field}.description", "must be a string")
    preset = table.get("preset")
    if preset is not None:
        if not isinstance(preset, str) or not preset:
            raise ConfigError(path, f"{field}.preset", "must be an embedding model name")
        if "dimensions" in table or "metric" in table:
            raise ConfigError(
                path, f"{field}.preset", "give either preset or dimensions and metric"
            )
        return IndexSettings(preset=preset, description=description)
    dimensions = table.get("dimensions")
    if dimensions is None:
        raise ConfigError(path, f"{field}.dimensions", "is required (or give a preset)")
    if isinstance(dimensions, bool) or not isinstance(dimensions, int):
        raise ConfigError(path, f"{field}.dimensions", f"must be an integer, got {dimensions!r}")
    if not 1 <= dimensions <= MAX_DIMENSIONS:
        raise ConfigError(path, f"{field}.dimensions", f"must be 1 to {MAX_DIMENSIONS}")
    metric = table.get("metric")
    if metric is None:
        raise ConfigError(path, f"{field}.metric", f"is required ({', '.join(METRICS)})")
    if metric not in METRICS:
        raise ConfigError(path, f"{field}.metric", f"must be one of {', '.join(METRICS)}")
    return IndexSettings(dimensions=dimensions, metric=str(metric), description=description)


def _hyperdrive(path: Path, table: dict[str, Any], field: str) -> HyperdriveSettings:
    _only(path, table, field, {"origin_env", "name"})
    env = table.get("origin_env")
    if not isinstance(env, str) or not env.isidentifier():
        raise ConfigError(
            path, f"{field}.origin_env", "is required: the name of an environment variable"
        )
    name = table.get("name")
    if name is not None and (not isinstance(name, str) or not name):
        raise ConfigError(path, f"{field}.name", "must be a non-empty string")
    return HyperdriveSettings(origin_env=env, name=name)


def load_tool_config(root: Path) -> ToolConfig:
    """``[tool.cloudflarefs]`` of ``root/pyproject.toml``, validated.

    Raises:
        ConfigError: the file cannot be parsed or a setting is malformed.
    """
    path = root / "pyproject.toml"
    if not path.is_file():
        return ToolConfig(path)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(path, None, f"cannot be parsed: {err}") from None
    tool = _table(path, data.get("tool", {}), "tool")
    ours = _table(path, tool.get("cloudflarefs", {}), "tool.cloudflarefs")
    base = "tool.cloudflarefs"
    vectorize = _table(path, ours.get("vectorize", {}), f"{base}.vectorize")
    hyperdrive = _table(path, ours.get("hyperdrive", {}), f"{base}.hyperdrive")
    return ToolConfig(
        path,
        vectorize={
            str(name): _index(
                path, _table(path, t, f"{base}.vectorize.{name}"), f"{base}.vectorize.{name}"
            )
            for name, t in vectorize.items()
        },
        hyperdrive={
            str(b): _hyperdrive(
                path, _table(path, t, f"{base}.hyperdrive.{b}"), f"{base}.hyperdrive.{b}"
            )
            for b, t in hyperdrive.items()
        },
    )
