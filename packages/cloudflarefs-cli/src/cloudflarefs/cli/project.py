"""A Worker project as ``cloudflarefs deploy`` sees it: settings and binding specs, validated.

Everything here is local and pure: a :class:`ConfigError` naming the file and field comes out
before any request is made.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from cloudflarefs.cli.durable_objects import Migration, read_durable_objects
from cloudflarefs.cli.errors import ConfigError
from cloudflarefs.cli.tool_config import ToolConfig, load_tool_config
from cloudflarefs.cli.wrangler import find_config, read_raw


@attrs.frozen
class BindingSpec:
    """One binding from the config: its kind, its name in ``env``, and what it points at.

    ``target`` is the resource's name (KV title, D1 database name, bucket, queue, index) or the
    value (vars); ``resource_id`` the id the config gives, if any.
    """

    kind: str
    binding: str
    target: Any = None
    resource_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict[str, Any])
    field: str = ""
    """Where it came from, e.g. ``kv_namespaces[0]`` (for messages)."""


@attrs.frozen
class Project:
    """A validated wrangler config."""

    config_path: Path
    name: str
    main: Path
    compatibility_date: str
    compatibility_flags: tuple[str, ...]
    bindings: tuple[BindingSpec, ...]
    queue_consumers: tuple[str, ...] = ()
    crons: tuple[str, ...] = ()
    migrations: tuple[Migration, ...] = ()
    """Durable Object migrations, in order (``[[migrations]]``)."""
    tools: ToolConfig | None = None
    """``[tool.cloudflarefs]`` of ``pyproject.toml``: how to create indexes and Hyperdrive configs."""

    @property
    def root(self) -> Path:
        """The project directory (the config's directory)."""
        return self.config_path.parent


# Top-level keys that are settings, not bindings (accepted; most do not matter to an upload).
SETTINGS = frozenset(
    {
        "$schema", "name", "main", "compatibility_date", "compatibility_flags", "account_id",
        "workers_dev", "route", "routes", "triggers", "observability", "placement", "limits",
        "logpush", "usage_model", "keep_vars", "send_metrics", "build", "dev", "env", "rules",
        "find_additional_modules", "base_dir", "preserve_file_names", "no_bundle", "minify",
        "upload_source_maps", "tail_consumers", "migrations", "python_modules",
    }
)  # fmt: skip


def _entries(config: Path, raw: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    value: Any = raw.get(key, [])
    if isinstance(value, dict) and key in ("ai", "version_metadata", "browser"):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(config, key, "must be an array of tables")
    out: list[tuple[str, dict[str, Any]]] = []
    for i, entry in enumerate(value):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
        if not isinstance(entry, dict):
            raise ConfigError(config, f"{key}[{i}]", "must be a table")
        out.append((f"{key}[{i}]", entry))  # pyright: ignore[reportUnknownArgumentType]
    return out


def _text(config: Path, entry: dict[str, Any], where: str, key: str, required: bool) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise ConfigError(config, f"{where}.{key}", "is required")
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(config, f"{where}.{key}", f"must be a non-empty string, got {value!r}")
    return value


def _binding_name(config: Path, entry: dict[str, Any], where: str, key: str = "binding") -> str:
    name = _text(config, entry, where, key, True)
    assert name is not None
    if not name.isidentifier():
        raise ConfigError(config, f"{where}.{key}", f"{name!r} is not a valid binding name")
    return name


Reader = Callable[[Path, str, dict[str, Any]], BindingSpec]


def _kv(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    rid = _text(config, e, where, "id", False)
    return BindingSpec("kv", name, name, rid, field=where)


def _d1(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    db = _text(config, e, where, "database_name", True)
    rid = _text(config, e, where, "database_id", False)
    return BindingSpec("d1", name, db, rid, field=where)


def _r2(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    return BindingSpec("r2", name, _text(config, e, where, "bucket_name", True), field=where)


def _hyperdrive(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    rid = _text(config, e, where, "id", False)  # may be omitted when deploy creates it
    return BindingSpec("hyperdrive", name, None, rid, field=where)


def _vectorize(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    index = _text(config, e, where, "index_name", True)
    return BindingSpec("vectorize", name, index, field=where)


def _ai(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    return BindingSpec("ai", _binding_name(config, e, where), field=where)


def _version_metadata(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    return BindingSpec("version_metadata", _binding_name(config, e, where), field=where)


def _service(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    return BindingSpec("service", name, _text(config, e, where, "service", True), field=where)


def _analytics(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where)
    return BindingSpec(
        "analytics_engine", name, _text(config, e, where, "dataset", False), field=where
    )


def _ratelimit(config: Path, where: str, e: dict[str, Any]) -> BindingSpec:
    name = _binding_name(config, e, where, "name")
    ns = e.get("namespace_id")
    simple: Any = e.get("simple")
    if not isinstance(simple, dict) or not isinstance(simple.get("limit"), int):  # pyright: ignore[reportUnknownMemberType]
        raise ConfigError(config, f"{where}.simple", "needs { limit = N, period = 10|60 }")
    limits: dict[str, Any] = simple  # pyright: ignore[reportUnknownVariableType]
    period: Any = limits.get("period", 60)
    if period not in (10, 60):
        raise ConfigError(config, f"{where}.simple.period", f"must be 10 or 60, got {period!r}")
    extra: dict[str, Any] = {
        "namespace_id": str(ns),
        "simple": {"limit": limits["limit"], "period": period},
    }
    return BindingSpec("ratelimit", name, None, field=where, extra=extra)


READERS: dict[str, Reader] = {
    "kv_namespaces": _kv,
    "d1_databases": _d1,
    "r2_buckets": _r2,
    "hyperdrive": _hyperdrive,
    "vectorize": _vectorize,
    "ai": _ai,
    "version_metadata": _version_metadata,
    "services": _service,
    "analytics_engine_datasets": _analytics,
    "ratelimits": _ratelimit,
}
"""Binding tables ``cloudflarefs deploy`` understands (plus ``vars`` and ``queues``)."""


def _check_date(config: Path, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(config, "compatibility_date", "is required (YYYY-MM-DD)")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            config, "compatibility_date", f"{value!r} is not a YYYY-MM-DD date"
        ) from None
    return value


def _queues(config: Path, raw: dict[str, Any]) -> tuple[list[BindingSpec], list[str]]:
    table: Any = raw.get("queues", {})
    if not isinstance(table, dict):
        raise ConfigError(config, "queues", "must be a table with producers/consumers")
    specs = [
        BindingSpec(
            "queue", _binding_name(config, e, w), _text(config, e, w, "queue", True), field=w
        )
        for w, e in _entries(config, table, "producers")  # pyright: ignore[reportUnknownArgumentType]
    ]
    consumers = [
        str(_text(config, e, w.replace("producers", "consumers"), "queue", True))
        for w, e in _entries(config, table, "consumers")  # pyright: ignore[reportUnknownArgumentType]
    ]
    for spec in specs:
        object.__setattr__(spec, "field", f"queues.{spec.field}")
    return specs, consumers


def _vars(config: Path, raw: dict[str, Any]) -> list[BindingSpec]:
    table: Any = raw.get("vars", {})
    if not isinstance(table, dict):
        raise ConfigError(config, "vars", "must be a table")
    out: list[BindingSpec] = []
    for key, value in table.items():  # pyright: ignore[reportUnknownVariableType]
        if not str(key).isidentifier():  # pyright: ignore[reportUnknownArgumentType]
            raise ConfigError(config, f"vars.{key}", "is not a valid binding name")
        kind = "plain_text" if isinstance(value, str) else "json"
        out.append(BindingSpec(kind, str(key), value, field=f"vars.{key}"))  # pyright: ignore[reportUnknownArgumentType]
    return out


def load_project(path: str | Path) -> Project:
    """Read and validate the project at ``path`` (a directory or a wrangler config file).

    Raises:
        ConfigError: malformed config, unknown binding type, missing entry module, duplicate
            binding names.
    """
    config = find_config(path).resolve()
    raw = read_raw(config)
    tables = ("vars", "queues", "durable_objects")
    for key in raw:
        if key not in SETTINGS and key not in READERS and key not in tables:
            raise ConfigError(
                config,
                key,
                "unknown binding type or setting (cloudflarefs deploy knows "
                f"{', '.join(sorted([*READERS, *tables]))})",
            )
    name = _text(config, raw, "", "name", True)
    assert name is not None
    main_text = _text(config, raw, "", "main", True)
    assert main_text is not None
    main = (config.parent / main_text).resolve()
    if main.suffix != ".py":
        raise ConfigError(config, "main", f"{main_text!r} must be the Worker's .py entry module")
    if not main.is_file():
        raise ConfigError(config, "main", f"entry module {main_text!r} does not exist")
    flags: Any = raw.get("compatibility_flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):  # pyright: ignore[reportUnknownVariableType]
        raise ConfigError(config, "compatibility_flags", "must be an array of strings")
    if "python_workers" not in flags:
        flags = [*flags, "python_workers"]  # a .py entry module needs it
    bindings: list[BindingSpec] = _vars(config, raw)
    for key, reader in READERS.items():
        bindings.extend(reader(config, where, entry) for where, entry in _entries(config, raw, key))
    producers, consumers = _queues(config, raw)
    bindings.extend(producers)
    do_bindings, migrations = read_durable_objects(config, raw, main)
    bindings.extend(
        BindingSpec(
            "durable_object",
            d.name,
            d.class_name,
            extra={"script_name": d.script_name},
            field=d.field,
        )
        for d in do_bindings
    )
    seen: dict[str, str] = {}
    for b in bindings:
        if b.binding in seen:
            raise ConfigError(
                config, b.field, f"binding name {b.binding!r} is also used by {seen[b.binding]}"
            )
        seen[b.binding] = b.field
    tools = load_tool_config(config.parent)
    _check_tool_tables(config, tools, bindings)
    triggers: Any = raw.get("triggers", {})
    trigger_table: dict[str, Any] = triggers if isinstance(triggers, dict) else {}  # pyright: ignore[reportUnknownVariableType]
    cron_list: list[Any] = list(trigger_table.get("crons", []))
    crons = tuple(str(c) for c in cron_list)
    return Project(
        config_path=config,
        name=name.strip(),
        main=main,
        compatibility_date=_check_date(config, raw.get("compatibility_date")),
        compatibility_flags=tuple(str(f) for f in flags),  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        bindings=tuple(bindings),
        queue_consumers=tuple(consumers),
        crons=crons,
        migrations=tuple(migrations),
        tools=tools,
    )


def _check_tool_tables(config: Path, tools: ToolConfig, bindings: list[BindingSpec]) -> None:
    """Every ``[tool.cloudflarefs]`` table names a binding, every Hyperdrive binding an origin."""
    indexes = {str(b.target) for b in bindings if b.kind == "vectorize"}
    hyperdrives = {b.binding: b for b in bindings if b.kind == "hyperdrive"}
    for name in tools.vectorize:
        if name not in indexes:
            raise ConfigError(
                tools.path,
                f"tool.cloudflarefs.vectorize.{name}",
                "no [[vectorize]] binding uses this index_name",
            )
    for name in tools.hyperdrive:
        if name not in hyperdrives:
            raise ConfigError(
                tools.path,
                f"tool.cloudflarefs.hyperdrive.{name}",
                "no [[hyperdrive]] binding has this name",
            )
    for binding, spec in hyperdrives.items():
        if spec.resource_id is None and binding not in tools.hyperdrive:
            raise ConfigError(
                config,
                f"{spec.field}.id",
                f"is required (or name the connection string's environment variable in "
                f"[tool.cloudflarefs.hyperdrive.{binding}] origin_env of pyproject.toml)",
            )
