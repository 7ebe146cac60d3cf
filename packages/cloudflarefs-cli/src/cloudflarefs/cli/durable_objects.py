"""Durable Objects in a wrangler config: ``[[durable_objects.bindings]]`` and ``[[migrations]]``.

Everything here is local and pure. :func:`read_durable_objects` validates both tables (a
:class:`ConfigError` names the file and field) and checks that every class bound from this
Worker is created by some migration and exported by the entry module, as far as the module can
be read statically. :func:`migrations_to_upload` is wrangler's rule for which migrations an
upload carries, given the tag the deployed Worker already has.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, cast

import attrs

from cloudflarefs.cli.errors import ConfigError

__all__ = [
    "DurableObjectBinding",
    "Migration",
    "migrations_to_upload",
    "read_durable_objects",
]

_CLASS_LISTS = ("new_classes", "new_sqlite_classes", "deleted_classes")
_MIGRATION_KEYS = frozenset({"tag", *_CLASS_LISTS, "renamed_classes", "transferred_classes"})


@attrs.frozen
class DurableObjectBinding:
    """``env.<name>`` is the namespace of ``class_name`` (of ``script_name``, else this Worker)."""

    name: str
    class_name: str
    script_name: str | None
    field: str
    """Where it came from, e.g. ``durable_objects.bindings[0]``."""


@attrs.frozen
class Migration:
    """One ``[[migrations]]`` entry; :meth:`step` is its wire form (everything but the tag)."""

    tag: str
    new_classes: tuple[str, ...] = ()
    new_sqlite_classes: tuple[str, ...] = ()
    deleted_classes: tuple[str, ...] = ()
    renamed_classes: tuple[tuple[str, str], ...] = ()
    transferred_classes: tuple[tuple[str, str, str], ...] = ()
    """``(from, from_script, to)``: objects moved here from another Worker's class."""

    def step(self) -> dict[str, Any]:
        """The migration step of the upload's ``migrations.steps`` (empty lists left out)."""
        step: dict[str, Any] = {k: list(getattr(self, k)) for k in _CLASS_LISTS if getattr(self, k)}
        if self.renamed_classes:
            step["renamed_classes"] = [{"from": a, "to": b} for a, b in self.renamed_classes]
        if self.transferred_classes:
            step["transferred_classes"] = [
                {"from": a, "from_script": s, "to": b} for a, s, b in self.transferred_classes
            ]
        return step


def _items(value: Any) -> list[Any]:
    return cast(list[Any], value) if isinstance(value, list) else []


def _table(value: Any) -> dict[str, Any] | None:
    return cast(dict[str, Any], value) if isinstance(value, dict) else None


def _names(config: Path, value: Any, where: str) -> tuple[str, ...]:
    items = _items(value)
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.isidentifier() for v in items
    ):
        raise ConfigError(config, where, "must be an array of class names")
    return tuple(str(v) for v in items)


def _pairs(config: Path, value: Any, where: str, keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    if not isinstance(value, list):
        raise ConfigError(config, where, f"must be an array of {{ {', '.join(keys)} }} tables")
    out: list[tuple[str, ...]] = []
    for i, item in enumerate(_items(value)):
        entry = _table(item)
        if entry is None or not all(isinstance(entry.get(k), str) and entry.get(k) for k in keys):
            raise ConfigError(config, f"{where}[{i}]", f"needs {', '.join(keys)} (strings)")
        out.append(tuple(str(entry[k]) for k in keys))
    return out


def _migration(config: Path, where: str, entry: Any) -> Migration:
    if not isinstance(entry, dict):
        raise ConfigError(config, where, "must be a table")
    table: dict[str, Any] = entry  # pyright: ignore[reportUnknownVariableType]
    unknown = sorted(set(table) - _MIGRATION_KEYS)
    if unknown:
        raise ConfigError(
            config,
            f"{where}.{unknown[0]}",
            f"is not a migration field ({', '.join(sorted(_MIGRATION_KEYS))})",
        )
    tag = table.get("tag")
    if not isinstance(tag, str) or not tag.strip():
        raise ConfigError(config, f"{where}.tag", "is required (a non-empty string)")
    lists = {k: _names(config, table.get(k, []), f"{where}.{k}") for k in _CLASS_LISTS}
    renamed = _pairs(
        config, table.get("renamed_classes", []), f"{where}.renamed_classes", ("from", "to")
    )
    moved = _pairs(
        config,
        table.get("transferred_classes", []),
        f"{where}.transferred_classes",
        ("from", "from_script", "to"),
    )
    return Migration(
        tag=tag,
        renamed_classes=tuple((a, b) for a, b in renamed),
        transferred_classes=tuple((a, s, b) for a, s, b in moved),
        **lists,
    )


def _live_classes(config: Path, migrations: list[Migration]) -> dict[str, str]:
    """Class → the field of the migration that made it, after every migration in order."""
    live: dict[str, str] = {}
    for i, m in enumerate(migrations):
        where = f"migrations[{i}]"
        for key in ("new_classes", "new_sqlite_classes"):
            for name in getattr(m, key):
                if name in live:
                    raise ConfigError(
                        config, f"{where}.{key}", f"class {name!r} already exists ({live[name]})"
                    )
                live[name] = f"{where}.{key}"
        for old, new in m.renamed_classes:
            if old not in live:
                raise ConfigError(
                    config,
                    f"{where}.renamed_classes",
                    f"class {old!r} is not created by an earlier migration",
                )
            if new in live:
                raise ConfigError(
                    config, f"{where}.renamed_classes", f"class {new!r} already exists"
                )
            del live[old]
            live[new] = f"{where}.renamed_classes"
        for _, _, new in m.transferred_classes:
            if new in live:
                raise ConfigError(
                    config, f"{where}.transferred_classes", f"class {new!r} already exists"
                )
            live[new] = f"{where}.transferred_classes"
        for name in m.deleted_classes:
            if live.pop(name, None) is None:
                raise ConfigError(
                    config,
                    f"{where}.deleted_classes",
                    f"class {name!r} is not created by an earlier migration",
                )
    return live


def _exported_names(main: Path) -> set[str] | None:
    """Names bound at the top level of the entry module, or ``None`` when that cannot be told
    statically (a syntax this Python cannot parse, or a ``from ... import *``)."""
    try:
        tree = ast.parse(main.read_text(encoding="utf-8"), filename=str(main))
    except (SyntaxError, UnicodeDecodeError):
        return None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return None
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.If | ast.Try):  # conditional imports and definitions
            names.update(_exported_in(node))
    return names


def _exported_in(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            out.add(child.name)
        elif isinstance(child, ast.Import | ast.ImportFrom):
            out.update((a.asname or a.name).split(".")[0] for a in child.names)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            out.add(child.id)
    return out


def _identifier(config: Path, entry: dict[str, Any], where: str, key: str) -> str:
    value = entry.get(key)
    if value is None:
        raise ConfigError(config, f"{where}.{key}", "is required")
    if not isinstance(value, str) or not value.isidentifier():
        raise ConfigError(config, f"{where}.{key}", f"{value!r} is not a valid name")
    return value


def read_durable_objects(
    config: Path, raw: dict[str, Any], main: Path
) -> tuple[list[DurableObjectBinding], list[Migration]]:
    """Validate ``durable_objects.bindings`` and ``migrations`` of a parsed config.

    Raises:
        ConfigError: a malformed entry, a missing ``name``/``class_name``, a duplicated
            migration tag, a migration that creates an existing class or renames/deletes a
            missing one, a bound class no migration creates, or a class the entry module does
            not export.
    """
    table = _table(raw.get("durable_objects", {}))
    if table is None or not set(table).issubset({"bindings"}):
        raise ConfigError(config, "durable_objects", "must be a table holding only `bindings`")
    if not isinstance(table.get("bindings", []), list):
        raise ConfigError(config, "durable_objects.bindings", "must be an array of tables")
    bindings: list[DurableObjectBinding] = []
    for i, item in enumerate(_items(table.get("bindings"))):
        where = f"durable_objects.bindings[{i}]"
        entry = _table(item)
        if entry is None:
            raise ConfigError(config, where, "must be a table")
        name, class_name = (_identifier(config, entry, where, k) for k in ("name", "class_name"))
        script = entry.get("script_name")
        if script is not None and (not isinstance(script, str) or not script.strip()):
            raise ConfigError(config, f"{where}.script_name", "must be a non-empty string")
        bindings.append(DurableObjectBinding(name, class_name, script, where))
    if not isinstance(raw.get("migrations", []), list):
        raise ConfigError(config, "migrations", "must be an array of tables")
    migrations = [
        _migration(config, f"migrations[{i}]", e)
        for i, e in enumerate(_items(raw.get("migrations")))
    ]
    seen: dict[str, int] = {}
    for i, m in enumerate(migrations):
        if m.tag in seen:
            raise ConfigError(
                config,
                f"migrations[{i}].tag",
                f"{m.tag!r} is also the tag of migrations[{seen[m.tag]}]",
            )
        seen[m.tag] = i
    live = _live_classes(config, migrations)
    exported = _exported_names(main)
    rel = main.relative_to(config.parent) if main.is_relative_to(config.parent) else main
    for b in bindings:
        if b.script_name is not None:
            continue  # another Worker's class: its own migrations create it
        if b.class_name not in live:
            raise ConfigError(
                config,
                f"{b.field}.class_name",
                f"class {b.class_name!r} is never created by a migration (add a [[migrations]] "
                f"entry with new_sqlite_classes = [{b.class_name!r}])",
            )
    for name, made_by in live.items():
        if exported is not None and name not in exported:
            bound = next(
                (b.field for b in bindings if b.class_name == name and not b.script_name), None
            )
            raise ConfigError(
                config,
                f"{bound}.class_name" if bound else made_by,
                f"class {name!r} is not defined or imported at the top level of the entry "
                f"module {rel.as_posix()} (a Durable Object class must be exported by `main`)",
            )
    return bindings, migrations


def migrations_to_upload(
    migrations: list[Migration] | tuple[Migration, ...], deployed_tag: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """The upload's ``migrations`` field, and a note for the user (wrangler's rule).

    No deployed tag: every migration, ``new_tag`` the last. The deployed tag is the last one:
    nothing (``None``). An earlier one: the migrations after it, ``old_tag`` the deployed tag.
    A tag the config no longer lists: every migration, with ``old_tag`` so the API checks it.
    """
    if not migrations:
        return None, None
    last = migrations[-1].tag
    tags = [m.tag for m in migrations]
    if deployed_tag is None:
        return {"new_tag": last, "steps": [m.step() for m in migrations]}, None
    if deployed_tag == last:
        return None, None
    if deployed_tag in tags:
        pending = migrations[tags.index(deployed_tag) + 1 :]
        return {
            "old_tag": deployed_tag,
            "new_tag": last,
            "steps": [m.step() for m in pending],
        }, None
    note = (
        f"the deployed migration tag {deployed_tag!r} is not in the config's migrations: "
        "applying all of them"
    )
    return {"old_tag": deployed_tag, "new_tag": last, "steps": [m.step() for m in migrations]}, note
