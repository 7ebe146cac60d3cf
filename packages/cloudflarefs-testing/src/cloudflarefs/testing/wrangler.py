"""Read a Worker's ``wrangler.toml`` / ``wrangler.json(c)`` into harness :class:`Bindings`.

The file is parsed by :mod:`cloudflarefs.cli.wrangler` (pure, shared with ``cloudflarefs
deploy``); Node only ever sees JSON.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

from cloudflarefs.cli import wrangler as _parse
from cloudflarefs.cli.errors import ConfigError
from cloudflarefs.cli.tool_config import load_tool_config
from cloudflarefs.testing._vectorize_presets import PRESETS
from cloudflarefs.testing.bindings import (
    Bindings,
    DurableObject,
    QueueConsumer,
    RateLimit,
    StoreSecret,
    TestDouble,
    Workflow,
)
from cloudflarefs.testing.errors import HarnessError

CONFIG_NAMES = _parse.CONFIG_NAMES


class WranglerConfigError(HarnessError):
    """The wrangler config is missing or cannot be used offline."""


@attrs.frozen
class WorkerConfig:
    """What the harness needs from a wrangler config."""

    name: str
    root: Path
    """Directory that holds the main module (mounted into Pyodide)."""
    module: str
    """Importable name of the main module (``src/entry.py`` → ``entry``)."""
    bindings: Bindings
    crons: tuple[str, ...] = ()
    d1_migrations: dict[str, Path] = attrs.field(factory=dict[str, Path])
    """D1 binding → its migrations directory (``migrations_dir``, default ``migrations``), for
    the databases whose directory exists."""


def strip_jsonc(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments and trailing commas, leaving strings intact."""
    try:
        return _parse.strip_jsonc(text)
    except ValueError as err:
        raise WranglerConfigError(str(err)) from None


def find_config(path: str | Path) -> Path:
    """``path`` itself if it is a file, else the first wrangler config inside it."""
    try:
        return _parse.find_config(path)
    except ConfigError as err:
        raise WranglerConfigError(str(err)) from None


def read_raw(config: Path) -> dict[str, Any]:
    """Parse a wrangler config file into a plain dict."""
    try:
        return _parse.read_raw(config)
    except ConfigError as err:
        raise WranglerConfigError(str(err)) from None


def _dev_vars(root: Path) -> dict[str, str]:
    # Secrets for local dev live in .dev.vars (KEY=VALUE lines), like wrangler.
    path = root / ".dev.vars"
    out: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                out[key.strip()] = value.strip().strip('"')
    return out


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value: Any = raw.get(key)
    return value if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownVariableType]


def _resource_ids(raw: dict[str, Any]) -> dict[str, str]:
    # The ids in the config name the storage, so the local API and the Worker share it.
    out: dict[str, str] = {}
    for section, field in (
        ("kv_namespaces", "id"),
        ("d1_databases", "database_id"),
        ("r2_buckets", "bucket_name"),
    ):
        for entry in raw.get(section, []):
            if entry.get(field):
                out[str(entry["binding"])] = str(entry[field])
    return out


HYPERDRIVE_ENV_PREFIX = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_"


def _hyperdrive_urls(raw: dict[str, Any]) -> dict[str, str]:
    # Like wrangler: CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING> wins over the
    # config's localConnectionString, so a local password or port stays out of the file.
    urls: dict[str, str] = {}
    for h in raw.get("hyperdrive", []):
        url = os.environ.get(HYPERDRIVE_ENV_PREFIX + h["binding"]) or h.get("localConnectionString")
        if url:
            urls[h["binding"]] = url
    return urls


def _test_doubles(raw: dict[str, Any], base: Path) -> dict[str, TestDouble]:
    # Workers AI and Vectorize have no local simulator: their bindings get the harness's TEST
    # DOUBLES. An index is created from [tool.cloudflarefs.vectorize.<index>] of pyproject.toml,
    # the settings `cloudflarefs deploy` creates it with.
    doubles: dict[str, TestDouble] = {}
    ai = _table(raw, "ai").get("binding")
    if ai:
        doubles[str(ai)] = TestDouble("ai")
    entries: list[dict[str, Any]] = raw.get("vectorize", [])
    if not entries:
        return doubles
    try:
        settings = load_tool_config(base).vectorize
    except ConfigError as err:
        raise WranglerConfigError(str(err)) from None
    for entry in entries:
        index = str(entry["index_name"])
        found = settings.get(index)
        shape = PRESETS.get(found.preset) if found and found.preset else None
        if found and found.dimensions is not None:
            shape = (found.dimensions, str(found.metric))
        doubles[str(entry["binding"])] = TestDouble("vectorize", index, *(shape or (None, None)))
    return doubles


def describe_test_doubles(bindings: Bindings) -> str | None:
    """One line naming the bindings that are TEST DOUBLES, or ``None`` when there are none.

    Analytics Engine datasets are left out: they are the local dataset, made observable.
    """
    parts: list[str] = []
    for binding, double in bindings.test_doubles.items():
        if binding in bindings.services:
            continue  # the user's own service binding stands in
        if double.kind == "ai":
            parts.append(f"{binding} (Workers AI: hashed-word embeddings, not a real model)")
        elif double.kind == "vectorize":
            shape = (
                f"{double.dimensions} dimensions, {double.metric}"
                if double.dimensions is not None
                else "not created: no [tool.cloudflarefs.vectorize."
                f"{double.name}] in pyproject.toml"
            )
            parts.append(
                f"{binding} (Vectorize index {double.name}: in memory, {shape}, not a real index)"
            )
    return "test doubles: " + "; ".join(parts) if parts else None


def load_worker_config(
    path: str | Path, *, durable_object_script: str | None = None
) -> WorkerConfig:
    """Read a Worker directory or config file into a :class:`WorkerConfig`.

    Durable Object classes named by ``durable_objects.bindings`` are Python classes exported by
    the main module, as in production. Pass ``durable_object_script`` (an ES module) to bind
    JS classes of that name instead. ``new_classes`` migrations select the key-value storage
    backend; every other class is SQLite-backed.

    ``[ai]`` and ``[[vectorize]]`` bindings become TEST DOUBLES (:class:`TestDouble`); each index
    takes its dimensions and metric (or preset) from ``[tool.cloudflarefs.vectorize.<index>]``
    of the ``pyproject.toml`` next to the config, as ``cloudflarefs deploy`` does.
    """
    config = find_config(path)
    raw = read_raw(config)
    base = config.parent
    main = raw.get("main")
    if not main or not str(main).endswith(".py"):
        raise WranglerConfigError(f"{config}: `main` must name the Worker's .py module")
    main_path = (base / str(main)).resolve()
    queues = _table(raw, "queues")
    do_bindings: list[dict[str, Any]] = _table(raw, "durable_objects").get("bindings", [])
    for b in do_bindings:
        if b.get("script_name"):
            raise WranglerConfigError(
                f"{config}: Durable Object {b['name']} lives in another Worker ({b['script_name']}); "
                "offline, only classes of this Worker can be bound"
            )
    # Migrations say which classes use the key-value storage backend; the rest use SQLite.
    kv_classes = {c for m in raw.get("migrations", []) for c in m.get("new_classes", [])}
    bindings = Bindings(
        kv=[b["binding"] for b in raw.get("kv_namespaces", [])],
        r2=[b["binding"] for b in raw.get("r2_buckets", [])],
        d1=[b["binding"] for b in raw.get("d1_databases", [])],
        queue_producers={b["binding"]: b["queue"] for b in queues.get("producers", [])},
        queue_consumers={
            c["queue"]: QueueConsumer(
                max_batch_size=c.get("max_batch_size"),
                max_batch_timeout=c.get("max_batch_timeout"),
                max_retries=c.get("max_retries"),
                dead_letter_queue=c.get("dead_letter_queue"),
                retry_delay=c.get("retry_delay"),
            )
            for c in queues.get("consumers", [])
        },
        durable_objects={
            b["name"]: DurableObject(
                class_name=b["class_name"],
                sqlite=b["class_name"] not in kv_classes,
                python=durable_object_script is None,
            )
            for b in do_bindings
        },
        durable_object_script=durable_object_script,
        vars=dict(raw.get("vars") or {}),
        secrets=_dev_vars(base),
        rate_limits={
            r["name"]: RateLimit(limit=r["simple"]["limit"], period=r["simple"].get("period", 60))
            for r in raw.get("ratelimits", [])
        },
        # Values are not in the config (they live in the store): the local store starts empty.
        secrets_store_secrets={
            s["binding"]: StoreSecret(store_id=s["store_id"], secret_name=s["secret_name"])
            for s in raw.get("secrets_store_secrets", [])
        },
        workflows={
            w["binding"]: Workflow(name=w["name"], class_name=w["class_name"])
            for w in raw.get("workflows", [])
        },
        version_metadata=_table(raw, "version_metadata").get("binding"),
        hyperdrive=_hyperdrive_urls(raw),
        analytics_engine_datasets={
            a["binding"]: str(a.get("dataset", a["binding"]))
            for a in raw.get("analytics_engine_datasets", [])
        },
        resource_ids=_resource_ids(raw),
        test_doubles=_test_doubles(raw, base),
        compatibility_date=str(raw.get("compatibility_date", "2025-06-01")),
        compatibility_flags=[
            f
            for f in raw.get("compatibility_flags", [])
            if f not in ("python_workers", "python_workflows")
        ],
    )
    return WorkerConfig(
        name=str(raw.get("name", base.name)),
        root=main_path.parent,
        module=main_path.stem,
        bindings=bindings,
        crons=tuple(_table(raw, "triggers").get("crons", [])),
        d1_migrations={
            b["binding"]: base / str(b.get("migrations_dir", "migrations"))
            for b in raw.get("d1_databases", [])
            if (base / str(b.get("migrations_dir", "migrations"))).is_dir()
        },
    )
