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
    "HTTP_METHODS",
    "as_list",
    "as_object",
    "dump_json",
    "iter_operations",
    "load_json",
    "resolve",
    "segment",
    "sha256_file",
]

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


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
        node = pointer_get(doc, ref[1:])
    return node


def pointer_get(doc: Any, pointer: str) -> Any:
    """Get the node at a JSON pointer (``/components/schemas/x``)."""
    node = doc
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) in document order."""
    for path, item in doc.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


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
        seen.add(ref)
        todo.extend(_refs(pointer_get(doc, ref[1:])))
    return seen


def segment(doc: dict[str, Any], service: Service) -> dict[str, Any]:
    """The slice of ``doc`` for one service: its paths plus the transitive ``$ref`` closure."""
    paths: dict[str, Any] = {}
    for path, item in doc.get("paths", {}).items():
        owner = next((s for s in SERVICES if s.matches(path)), None)
        if owner is service:
            paths[path] = copy.deepcopy(item)
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


def source_record(spec_path: Path, *, date: str | None = None) -> dict[str, str]:
    """What ``specs/SOURCE.json`` records about the input spec."""
    return {
        "file": spec_path.name.removesuffix(".gz"),
        "sha256": sha256_file(spec_path),
        "date": date or _dt.date.today().isoformat(),
    }
