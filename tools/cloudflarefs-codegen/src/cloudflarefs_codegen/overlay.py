# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (this module walks untyped JSON documents: their values are Any by nature)
"""Overlays: reasoned corrections applied to a vendored spec slice before generation.

An overlay is a TOML file (``specs/overlays/<service>.toml``) with two kinds of entries, each of
which must carry a non-empty ``reason``:

``[[patch]]``
    ``target`` is ``"METHOD /path"`` (an operation; preferred, because operations keep their
    method and path when Cloudflare renames its schema prefixes), ``"#/components/..."`` or ``"#"``
    (the document); ``at`` is a list of keys below the target, or ``pointer`` the same as a JSON
    pointer (``"/requestBody/content/application~1json/schema"``). The walk follows ``$ref``s, so a
    patch keyed by an operation can reach the component schemas it uses. Every node on the way
    must exist: a patch never creates a missing parent (a renamed property or schema makes it
    fail loudly instead of silently adding a dead branch). ``op`` is ``set`` (default),
    ``merge`` (shallow dict update), ``delete`` or ``append``; the value is ``value`` or
    ``value_json`` (a JSON string, for values TOML spells badly). To keep a secret out of model
    reprs, patch its property with ``format = "password"`` (the generator renders ``repr=False``).

``[[operation]]``
    ``method`` + ``path`` (never the operationId: those are unstable) with the curated
    ``resource`` and ``name``, and an optional ``pagination`` table: ``style`` is one of
    ``page``, ``cursor``, ``offset``, ``single``, plus ``items_path`` (list of keys), ``limit``
    (default page size for offset) and ``size_param`` (the query parameter that sets the page size).

    The public method generated for the entry is shaped by these optional keys (data instead of
    a hand-written wrapper): ``doc`` (its docstring's first paragraph); ``params``, a table
    from a parameter's Python name to ``{ rename = "new_name", check = "<core.validation
    function>", args = { ... } }`` (the check runs before the request is built, ``args`` are
    its keyword arguments); ``body_fields``, the JSON request model's fields lifted to
    arguments (the method builds the body; string fields are checked non-empty); and
    ``positional``, public argument names (after the path ids) taken positionally; and
    ``discard_result = true``, the method returns None (the result is an empty object);
    ``deprecated``, a sentence saying what to use instead (the docstring says it is deprecated).

``[[addition]]``
    An operation the vendored spec lacks (Cloudflare added it later): ``method``, ``path``,
    ``source`` (where the facts come from: the API docs page and/or the official SDK's type
    definitions) and ``operation_json``, the OpenAPI operation object. ``[[schema]]`` entries
    (``name``, ``source``, ``schema_json``) add the component schemas additions refer to.
    Additions are applied before patches, so ``[[operation]]`` and ``[[patch]]`` entries treat
    them like spec operations. When a refreshed spec defines the same operation or schema, the
    overlay stops applying and names the entry to delete: the spec supersedes it mechanically.
"""

from __future__ import annotations

import copy
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudflarefs_codegen.spec import HTTP_METHODS, pointer_get

__all__ = [
    "Addition",
    "OperationEntry",
    "Overlay",
    "OverlayError",
    "Pagination",
    "ParamRule",
    "load_overlay",
    "patch_keys",
]

PAGINATION_STYLES = ("page", "cursor", "offset", "single")
_PATCH_KEYS = {"reason", "target", "at", "pointer", "op", "value", "value_json"}
_OPERATION_KEYS = {
    "reason",
    "method",
    "path",
    "resource",
    "name",
    "pagination",
    "doc",
    "params",
    "body_fields",
    "positional",
    "discard_result",
    "deprecated",
}
_ADDITION_KEYS = {"reason", "source", "method", "path", "operation_json"}
_SCHEMA_KEYS = {"reason", "source", "name", "schema_json"}
_PARAM_KEYS = {"rename", "check", "args"}
_PAGINATION_KEYS = {"style", "items_path", "limit", "size_param", "cursor_param"}


class OverlayError(ValueError):
    """An overlay entry is malformed or does not apply to the spec."""


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages."""

    style: str
    items_path: tuple[str, ...] = ()
    limit: int | None = None
    size_param: str | None = None
    cursor_param: str = "cursor"


@dataclass(frozen=True)
class ParamRule:
    """How the public method spells and checks one argument."""

    rename: str | None = None
    check: str | None = None
    args: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class OperationEntry:
    """Curated naming (and paging) for one (method, path)."""

    method: str
    path: str
    resource: str
    name: str
    reason: str
    pagination: Pagination | None = None
    doc: str | None = None
    params: dict[str, ParamRule] = field(default_factory=dict[str, ParamRule])
    body_fields: tuple[str, ...] = ()
    positional: tuple[str, ...] = ()
    discard_result: bool = False
    deprecated: str | None = None


@dataclass(frozen=True)
class Addition:
    """An operation (or component schema) the vendored spec lacks, with where its facts come from."""

    key: str
    value: dict[str, Any]
    reason: str
    source: str


@dataclass
class Overlay:
    """All entries of one overlay file."""

    patches: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    operations: dict[tuple[str, str], OperationEntry] = field(
        default_factory=dict[tuple[str, str], OperationEntry]
    )
    additions: list[Addition] = field(default_factory=list[Addition])
    schemas: list[Addition] = field(default_factory=list[Addition])
    source: str = ""

    def apply(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A patched deep copy of ``doc``; every patch must hit something."""
        out = copy.deepcopy(doc)
        self._add(out)
        for i, patch in enumerate(self.patches):
            try:
                _apply_patch(out, patch)
            except (KeyError, IndexError, TypeError) as exc:
                raise OverlayError(
                    f"{self.source}: patch #{i + 1} ({patch.get('target')} {patch.get('at')}) does not apply: {exc!r}"
                ) from exc
        for (method, path), entry in self.operations.items():
            item = out.get("paths", {}).get(path)
            if not isinstance(item, dict) or method.lower() not in item:
                raise OverlayError(f"{self.source}: operation {method} {path} is not in the spec")
            _ = entry
        return out

    def _add(self, doc: dict[str, Any]) -> None:
        """Insert the additions; one the spec already defines is superseded and must go."""
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for entry in self.schemas:
            if entry.key in schemas:
                raise OverlayError(
                    f"{self.source}: [[schema]] {entry.key} is now defined by the spec;"
                    " delete the entry (the spec supersedes it)"
                )
            schemas[entry.key] = copy.deepcopy(entry.value)
        paths = doc.setdefault("paths", {})
        for entry in self.additions:
            method, _, path = entry.key.partition(" ")
            item = paths.setdefault(path, {})
            if method.lower() in item:
                raise OverlayError(
                    f"{self.source}: [[addition]] {entry.key} is now defined by the spec;"
                    " delete the entry (the spec supersedes it)"
                )
            item[method.lower()] = copy.deepcopy(entry.value)
        for entry in self.additions:
            _check_refs(doc, entry.value, f"{self.source}: [[addition]] {entry.key}")
        for entry in self.schemas:
            _check_refs(doc, entry.value, f"{self.source}: [[schema]] {entry.key}")


def _check_refs(doc: dict[str, Any], node: Any, where: str) -> None:
    """Every local ``$ref`` inside an addition must resolve in the (augmented) slice."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                pointer_get(doc, ref[1:])
            except (KeyError, IndexError, TypeError):
                raise OverlayError(f"{where}: $ref {ref!r} resolves to nothing") from None
        for value in node.values():
            _check_refs(doc, value, where)
    elif isinstance(node, list):
        for value in node:
            _check_refs(doc, value, where)


def _target(doc: dict[str, Any], target: str) -> Any:
    if target == "#":
        return doc
    if target.startswith("#/"):
        return pointer_get(doc, target[1:])
    method, _, path = target.partition(" ")
    if method.lower() not in HTTP_METHODS:
        raise KeyError(f"bad target {target!r}")
    return doc["paths"][path][method.lower()]


def _follow(doc: dict[str, Any], node: Any) -> Any:
    """``node`` with any chain of local ``$ref``s followed (the node a patch really edits)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            raise KeyError(f"unresolvable $ref {ref!r}")
        seen.add(ref)
        node = pointer_get(doc, ref[1:])
    return node


def patch_keys(patch: dict[str, Any]) -> list[str]:
    """The keys below the target, from ``at`` or from a JSON ``pointer``."""
    if "pointer" in patch:
        pointer = str(patch["pointer"])
        if not pointer.startswith("/"):
            raise KeyError(f"pointer {pointer!r} must start with '/'")
        return [k.replace("~1", "/").replace("~0", "~") for k in pointer.split("/")[1:]]
    return [str(k) for k in patch.get("at", [])]


def _step(doc: dict[str, Any], node: Any, key: str, where: list[str]) -> Any:
    """The child ``key`` of ``node``, through ``node``'s ``$ref`` only if it lacks the key itself.

    So ``.../allOf/0/$ref`` edits the reference, while ``.../result/properties`` reaches the
    schema that ``result`` refers to.
    """
    if isinstance(node, dict) and key not in node:
        node = _follow(doc, node)
    if isinstance(node, list):
        return node[int(key)]
    if not isinstance(node, dict) or key not in node:
        raise KeyError(f"/{'/'.join(where)} does not exist (a patch never creates parents)")
    return node[key]


def _apply_patch(doc: dict[str, Any], patch: dict[str, Any]) -> None:
    node = _target(doc, patch["target"])
    at = patch_keys(patch)
    op = patch.get("op", "set")
    value: Any = json.loads(patch["value_json"]) if "value_json" in patch else patch.get("value")
    if op != "delete" and value is None:
        raise KeyError("patch has no value")
    if not at:
        if op != "merge":
            raise KeyError("only merge may patch the target itself")
        node.update(copy.deepcopy(value))
        return
    for depth, key in enumerate(at[:-1]):
        node = _step(doc, node, key, at[: depth + 1])
    last = at[-1]
    if isinstance(node, dict) and last not in node and last != "$ref":
        node = _follow(doc, node)
    if isinstance(node, list) and op in ("set", "delete"):
        index = int(last)
        if op == "set":
            node[index] = copy.deepcopy(value)
        else:
            del node[index]
        return
    if not isinstance(node, dict):
        raise KeyError(f"/{'/'.join(at[:-1])} is not an object")
    if op == "set":
        node[last] = copy.deepcopy(value)
    elif op == "merge":
        _follow(doc, node.setdefault(last, {})).update(copy.deepcopy(value))
    elif op == "delete":
        del node[last]
    elif op == "append":
        _follow(doc, node.setdefault(last, [])).append(copy.deepcopy(value))
    else:
        raise KeyError(f"unknown op {op!r}")


def _reason(entry: dict[str, Any], where: str) -> str:
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise OverlayError(f"{where}: every overlay entry needs a non-empty 'reason'")
    return reason


def _pagination(raw: Any, where: str) -> Pagination | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - _PAGINATION_KEYS:
        raise OverlayError(f"{where}: bad pagination table {raw!r}")
    style = raw.get("style")
    if style not in PAGINATION_STYLES:
        raise OverlayError(f"{where}: pagination style must be one of {PAGINATION_STYLES}")
    return Pagination(
        style=style,
        items_path=tuple(raw.get("items_path", ())),
        limit=raw.get("limit"),
        size_param=raw.get("size_param"),
        cursor_param=raw.get("cursor_param", "cursor"),
    )


def _param_rules(raw: Any, where: str) -> dict[str, ParamRule]:
    if not isinstance(raw, dict):
        raise OverlayError(f"{where}: params must be a table")
    rules: dict[str, ParamRule] = {}
    for name, rule in raw.items():
        if not isinstance(rule, dict) or set(rule) - _PARAM_KEYS:
            raise OverlayError(f"{where}: params.{name} keys must be within {sorted(_PARAM_KEYS)}")
        args = rule.get("args", {})
        rules[str(name)] = ParamRule(
            rename=rule.get("rename"),
            check=rule.get("check"),
            args=tuple(sorted(args.items())),
        )
    return rules


def _json_object(raw: Any, where: str, key: str) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except json.JSONDecodeError as exc:
        raise OverlayError(f"{where}: {key} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise OverlayError(f"{where}: {key} must be a JSON object")
    return value


def _addition(raw: dict[str, Any], where: str, keys: set[str], kind: str) -> Addition:
    reason = _reason(raw, where)
    required = keys - {"reason"}
    if set(raw) - keys or not required <= set(raw):
        raise OverlayError(f"{where}: needs exactly {sorted(keys)} (got {sorted(raw)})")
    source = raw["source"]
    if not isinstance(source, str) or not source.strip():
        raise OverlayError(f"{where}: 'source' must name where the facts come from")
    if kind == "addition":
        method = str(raw["method"]).upper()
        if method.lower() not in HTTP_METHODS or not str(raw["path"]).startswith("/"):
            raise OverlayError(f"{where}: bad method or path {method} {raw['path']!r}")
        key = f"{method} {raw['path']}"
        value = _json_object(raw["operation_json"], where, "operation_json")
        if "responses" not in value:
            raise OverlayError(f"{where}: the operation needs 'responses'")
    else:
        key = str(raw["name"])
        value = _json_object(raw["schema_json"], where, "schema_json")
    return Addition(key=key, value=value, reason=reason, source=source)


def parse_overlay(data: dict[str, Any], source: str) -> Overlay:
    """Validate the parsed TOML of an overlay."""
    unknown = set(data) - {"patch", "operation", "addition", "schema"}
    if unknown:
        raise OverlayError(f"{source}: unknown top-level keys {sorted(unknown)}")
    overlay = Overlay(source=source)
    for kind, keys, bucket in (
        ("addition", _ADDITION_KEYS, overlay.additions),
        ("schema", _SCHEMA_KEYS, overlay.schemas),
    ):
        seen: set[str] = set()
        for i, raw in enumerate(data.get(kind, [])):
            entry = _addition(raw, f"{source}: {kind} #{i + 1}", keys, kind)
            if entry.key in seen:
                raise OverlayError(f"{source}: {kind} #{i + 1}: duplicate entry for {entry.key}")
            seen.add(entry.key)
            bucket.append(entry)
    for i, patch in enumerate(data.get("patch", [])):
        where = f"{source}: patch #{i + 1}"
        _reason(patch, where)
        if set(patch) - _PATCH_KEYS or "target" not in patch or {"at", "pointer"} <= set(patch):
            raise OverlayError(
                f"{where}: keys must be within {sorted(_PATCH_KEYS)}, include target,"
                " and give at most one of at/pointer"
            )
        overlay.patches.append(patch)
    for i, raw in enumerate(data.get("operation", [])):
        where = f"{source}: operation #{i + 1}"
        reason = _reason(raw, where)
        if set(raw) - _OPERATION_KEYS or not {"method", "path", "resource", "name"} <= set(raw):
            raise OverlayError(f"{where}: needs method, path, resource, name (got {sorted(raw)})")
        entry = OperationEntry(
            method=str(raw["method"]).upper(),
            path=str(raw["path"]),
            resource=str(raw["resource"]),
            name=str(raw["name"]),
            reason=reason,
            pagination=_pagination(raw.get("pagination"), where),
            doc=raw.get("doc"),
            params=_param_rules(raw.get("params", {}), where),
            body_fields=tuple(raw.get("body_fields", ())),
            positional=tuple(raw.get("positional", ())),
            discard_result=bool(raw.get("discard_result", False)),
            deprecated=raw.get("deprecated"),
        )
        key = (entry.method, entry.path)
        if key in overlay.operations:
            raise OverlayError(f"{where}: duplicate entry for {key}")
        overlay.operations[key] = entry
    return overlay


def load_overlay(path: Path) -> Overlay:
    """Load and validate one overlay file; a missing file is an empty overlay."""
    if not path.exists():
        return Overlay(source=str(path))
    with path.open("rb") as fh:
        return parse_overlay(tomllib.load(fh), path.name)
