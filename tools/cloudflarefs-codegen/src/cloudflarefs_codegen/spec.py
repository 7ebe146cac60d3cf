# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (this module walks untyped JSON documents: their values are Any by nature)
"""Loading the spec, resolving ``$ref``s and cutting per-service slices."""

from __future__ import annotations

import copy
import datetime as _dt
import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from cloudflarefs_codegen.services import SERVICES, Service

__all__ = [
    "ACCOUNT_PARAMETER_SPELLINGS",
    "HTTP_METHODS",
    "SpecError",
    "as_list",
    "as_object",
    "dump_json",
    "iter_operations",
    "load_json",
    "normalize_account_parameter",
    "repair_refs",
    "resolve",
    "segment",
    "sha256_file",
]

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# How Cloudflare's specs have spelled the account path parameter (the 2023 specs used the
# first two); segmentation and generation expect ``account_id``.
ACCOUNT_PARAMETER_SPELLINGS = ("account_identifier", "account-identifier", "accountId")


class SpecError(ValueError):
    """The input spec cannot be segmented or generated as it stands (the message says why)."""


def read_document(path: Path) -> bytes:
    """A spec file's bytes; ``.gz`` files (like the vendored full spec) are decompressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_json(path: Path) -> dict[str, Any]:
    """Read a JSON document (gzipped if its name ends in ``.gz``)."""
    return json.loads(read_document(path).decode("utf-8"))


def dump_json(doc: Any) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a document's bytes (of the decompressed JSON for a ``.gz`` file)."""
    return hashlib.sha256(read_document(path)).hexdigest()


def as_object(node: Any) -> dict[str, Any]:
    """``node`` if it is a JSON object, else an empty one (specs are untyped JSON)."""
    return cast("dict[str, Any]", node) if isinstance(node, dict) else {}


def as_list(node: Any) -> list[Any]:
    """``node`` if it is a JSON array, else an empty one."""
    return cast("list[Any]", node) if isinstance(node, list) else []


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains (local refs only) until a non-ref node."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref: str = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            return {}
        seen.add(ref)
        node = pointer_find(doc, ref[1:])
        if node is None:
            return {}
    return node


def pointer_find(doc: Any, pointer: str) -> Any:
    """The node at a JSON pointer, or ``None`` where it leads nowhere (a dangling ``$ref``)."""
    try:
        return pointer_get(doc, pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def pointer_get(doc: Any, pointer: str) -> Any:
    """Get the node at a JSON pointer (``/components/schemas/x``)."""
    node = doc
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) in document order; path items that are ``$ref``s are followed."""
    for path, item in doc.get("paths", {}).items():
        item = resolve(doc, item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield method.upper(), path, item[method]


def repair_refs(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Make ``doc`` generatable in place; returns what was repaired, by where it was found.

    * A path item that is itself a ``$ref`` is replaced by its target (key ``"<path>"``,
      entry ``"path item <ref>"``), or dropped when the target is missing.
    * Every ``$ref`` that leads nowhere becomes an untyped schema ``{}`` that remembers the
      reference (``x-cloudflarefs-missing-ref``), so only the places using it fall back to
      ``Any``; entries are ``"missing <ref>"`` keyed by operation (``"GET /path"``) or by the
      component holding it.
    """
    repaired: dict[str, list[str]] = {}
    paths = doc.get("paths")
    if isinstance(paths, dict):
        for path, item in list(paths.items()):
            if isinstance(item, dict) and isinstance(item.get("$ref"), str):
                target = resolve(doc, item)
                ref = str(item["$ref"])
                if isinstance(target, dict) and target:
                    paths[path] = copy.deepcopy(target)
                    repaired.setdefault(path, []).append(f"path item {ref}")
                else:
                    del paths[path]
                    repaired.setdefault(path, []).append(f"missing {ref} (path item dropped)")
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters")
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    where = f"{method.upper()} {path}"
                    for ref in _dangling(doc, [shared, op]):
                        repaired.setdefault(where, []).append(f"missing {ref}")
    for section, members in as_object(doc.get("components")).items():
        for name, node in as_object(members).items():
            for ref in _dangling(doc, node, follow=False):
                repaired.setdefault(f"#/components/{section}/{name}", []).append(f"missing {ref}")
    _replace_dangling(doc, doc)
    return repaired


def _dangling(doc: dict[str, Any], root: Any, *, follow: bool = True) -> list[str]:
    """Missing local ``$ref`` targets reachable from ``root`` (through other refs if ``follow``)."""
    missing: list[str] = []
    todo = list(_refs(root))
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen or not ref.startswith("#/"):
            continue
        seen.add(ref)
        target = pointer_find(doc, ref[1:])
        if target is None:
            missing.append(ref)
        elif follow:
            todo.extend(_refs(target))
    return sorted(missing)


def _replace_dangling(doc: dict[str, Any], node: Any) -> None:
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        if isinstance(child, dict):
            ref = child.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and pointer_find(doc, ref[1:]) is None:
                child.clear()
                child["x-cloudflarefs-missing-ref"] = ref
                continue
        _replace_dangling(doc, child)


def normalize_account_parameter(doc: dict[str, Any]) -> list[str]:
    """Rename the account path parameter's older spellings to ``account_id`` in place.

    Returns the spellings it renamed. A path whose renamed form already exists is left alone.
    """
    paths = as_object(doc.get("paths"))
    renamed: set[str] = set()
    for path in list(paths):
        new = path
        for spelling in ACCOUNT_PARAMETER_SPELLINGS:
            if "{" + spelling + "}" in new:
                new = new.replace("{" + spelling + "}", "{account_id}")
                renamed.add(spelling)
        if new != path and new not in paths:
            paths[new] = paths.pop(path)
    if renamed:
        _rename_parameters(doc, doc, renamed)
    return sorted(renamed)


def _rename_parameters(doc: dict[str, Any], node: Any, spellings: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("in") == "path" and node.get("name") in spellings:
            node["name"] = "account_id"
        for value in node.values():
            _rename_parameters(doc, value, spellings)
    elif isinstance(node, list):
        for value in node:
            _rename_parameters(doc, value, spellings)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _closure(doc: dict[str, Any], roots: Any) -> set[str]:
    todo = list(_refs(roots))
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen or not ref.startswith("#/components/"):
            continue
        target = pointer_find(doc, ref[1:])
        if target is None:
            continue  # dangling: the generator reports it per operation (repair_refs)
        seen.add(ref)
        todo.extend(_refs(target))
    return seen


def segment(doc: dict[str, Any], service: Service) -> dict[str, Any]:
    """The slice of ``doc`` for one service: its paths plus the transitive ``$ref`` closure."""
    paths: dict[str, Any] = {}
    for path, item in doc.get("paths", {}).items():
        owner = next((s for s in SERVICES if s.matches(path)), None)
        if owner is service:
            paths[path] = copy.deepcopy(resolve(doc, item))
    components: dict[str, Any] = {}
    for ref in sorted(_closure(doc, paths)):
        _, _, section, name = ref.split("/", 3)
        components.setdefault(section, {})[name] = copy.deepcopy(pointer_get(doc, ref[1:]))
    out: dict[str, Any] = {
        "openapi": doc.get("openapi", "3.0.3"),
        "info": {
            "title": f"Cloudflare API: {service.title} (slice)",
            "version": doc.get("info", {}).get("version", ""),
        },
        "paths": paths,
        "components": components,
    }
    if "security" in doc:
        out["security"] = doc["security"]
    schemes = doc.get("components", {}).get("securitySchemes")
    if schemes:
        out["components"]["securitySchemes"] = copy.deepcopy(schemes)
    if "servers" in doc:
        out["servers"] = doc["servers"]
    return out


def source_record(
    spec_path: Path, *, date: str | None = None, counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """What ``specs/SOURCE.json`` records about the input spec.

    ``counts`` (operations in the whole spec and per service) lets tests follow the vendored
    spec instead of hard-coding one snapshot's numbers.
    """
    record: dict[str, Any] = {
        "file": spec_path.name.removesuffix(".gz"),
        "sha256": sha256_file(spec_path),
        "date": date or _dt.date.today().isoformat(),
    }
    if counts is not None:
        record["operations"] = counts
    return record
