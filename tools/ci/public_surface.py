"""The public surface of every management client, as JSON, and a comparison against a snapshot.

The surface is what a user can call: each management package's exported names (its
``__all__`` and its ``aio`` module's), and, walking a constructed client, every resource
group reachable through public attributes with its public methods. A method is recorded as
its parameters' names, kinds and defaults (``repr``) and whether it is a coroutine function,
so a rename, a parameter turned keyword-only, a changed default or a lost ``async`` shows up.
Annotations are deliberately left out: spelling a type differently is not a break.

    python tools/ci/public_surface.py snapshot > tests/tooling/public_surface.json
    python tools/ci/public_surface.py compare tests/tooling/public_surface.json

``compare`` exits 1 on any removal or change and lists additions (which are allowed).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
from collections.abc import Callable
from typing import Any

from workspace_packages import load_packages

__all__ = ["compare", "management_modules", "snapshot"]

Surface = dict[str, Any]


def management_modules() -> list[str]:
    """``cloudflarefs.<svc>.management`` for every management distribution of the workspace."""
    out: list[str] = []
    for pkg in load_packages():
        if pkg.name.endswith("-management"):
            svc = pkg.name.removeprefix("cloudflarefs-").removesuffix("-management")
            out.append(f"cloudflarefs.{svc.replace('-', '_')}.management")
    return sorted(out)


def _param(p: inspect.Parameter) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "kind": p.kind.name}
    if p.default is not inspect.Parameter.empty:
        out["default"] = repr(p.default)
    return out


def _callable(fn: Callable[..., Any]) -> dict[str, Any]:
    sig = inspect.signature(fn)
    params = [_param(p) for p in sig.parameters.values() if p.name != "self"]
    return {"async": inspect.iscoroutinefunction(fn), "params": params}


def _methods(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(dir(cls)):
        if name.startswith("_") and name != "__init__":
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, (staticmethod, classmethod)):
            attr = attr.__func__
        if inspect.isfunction(attr):
            out[name] = _callable(attr)
        elif isinstance(attr, property):
            out[name] = {"property": True}
    return out


def _resources(obj: object, prefix: str, into: dict[str, Any], depth: int = 0) -> None:
    """Record every public attribute of ``obj`` holding a resource group, recursively."""
    if depth > 4:
        return
    for name, value in sorted(vars(obj).items()):
        if name.startswith("_") or not type(value).__module__.startswith("cloudflarefs."):
            continue
        path = f"{prefix}.{name}"
        into[path] = {"class": type(value).__name__, "methods": _methods(type(value))}
        _resources(value, path, into, depth + 1)


def _module_surface(modname: str) -> Surface:
    mod = importlib.import_module(modname)
    exported: dict[str, Any] = {}
    for name in sorted(getattr(mod, "__all__", ())):
        value = getattr(mod, name)
        if inspect.isclass(value):
            exported[name] = {"class": True, "methods": _methods(value)}
        elif callable(value):
            exported[name] = {"function": _callable(value)}
        else:
            exported[name] = {"value": type(value).__name__}
    return exported


def _client_surface(modname: str, cls_name: str) -> Surface:
    mod = importlib.import_module(modname)
    cls = getattr(mod, cls_name)
    client = cls(api_token="surface-snapshot", account_id="surface-snapshot")
    try:
        resources: dict[str, Any] = {}
        _resources(client, cls_name, resources)
        return resources
    finally:
        closing = client.close()
        if inspect.isawaitable(closing):  # the async client's close is a coroutine
            closing.close()  # never awaited: nothing was opened


def snapshot() -> Surface:
    """The public surface of every management package, sync and async."""
    out: Surface = {}
    for base in management_modules():
        entry: dict[str, Any] = {}
        for modname in (base, f"{base}.aio"):
            exported = _module_surface(modname)
            clients = [n for n in exported if n.endswith("Client") and exported[n].get("class")]
            entry[modname] = {
                "exports": exported,
                "resources": {n: _client_surface(modname, n) for n in clients},
            }
        out[base] = entry
    return out


def _flatten(node: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(node, dict) and node and "params" not in node:
        for key, value in node.items():
            _flatten(value, f"{path}/{key}", out)
    else:
        out[path] = node


def compare(old: Surface, new: Surface) -> tuple[list[str], list[str]]:
    """``(problems, additions)``: removed or changed entries, and new ones."""
    flat_old: dict[str, Any] = {}
    flat_new: dict[str, Any] = {}
    _flatten(old, "", flat_old)
    _flatten(new, "", flat_new)
    problems: list[str] = []
    for path, value in flat_old.items():
        if path not in flat_new:
            problems.append(f"removed: {path}")
        elif flat_new[path] != value and not _compatible(value, flat_new[path]):
            problems.append(f"changed: {path}: {value} -> {flat_new[path]}")
    additions = [f"added: {p}" for p in flat_new if p not in flat_old]
    return problems, additions


def _compatible(old: Any, new: Any) -> bool:
    """A method stays compatible if every old parameter keeps its name, kind and default,
    in the same order for positional ones, and new parameters are keyword-only with defaults.

    A resource attribute's class may lose an ``Async`` prefix: the generated async resource
    classes now carry the public names (the class was never importable; its methods are
    compared on their own).
    """
    if isinstance(old, str) and isinstance(new, str):
        return old == f"Async{new}"
    if not (
        isinstance(old, dict) and isinstance(new, dict) and "params" in old and "params" in new
    ):
        return False
    if old["async"] != new["async"]:
        return False
    new_by_name = {p["name"]: p for p in new["params"]}
    for p in old["params"]:
        if new_by_name.get(p["name"]) != p:
            return False
    positional = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
    old_pos = [p["name"] for p in old["params"] if p["kind"] in positional]
    new_pos = [p["name"] for p in new["params"] if p["kind"] in positional]
    if new_pos != old_pos:
        return False
    old_names = {p["name"] for p in old["params"]}
    added = [p for p in new["params"] if p["name"] not in old_names]
    return all(p["kind"] in ("KEYWORD_ONLY", "VAR_KEYWORD") for p in added) and all(
        "default" in p or p["kind"] == "VAR_KEYWORD" for p in added
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="public management surface snapshot")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("snapshot", help="print the current surface as JSON")
    cmp = sub.add_parser("compare", help="compare the current surface to a snapshot file")
    cmp.add_argument("snapshot_file")
    args = parser.parse_args(argv)
    current = snapshot()
    if args.cmd == "snapshot":
        json.dump(current, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    with open(args.snapshot_file, encoding="utf-8") as fh:
        old = json.load(fh)
    problems, additions = compare(old, current)
    for line in additions:
        print(line)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
