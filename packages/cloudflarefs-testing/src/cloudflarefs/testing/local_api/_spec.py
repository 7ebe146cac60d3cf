# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (this module walks untyped JSON documents: their values are Any by nature)
"""Request validation against the vendored OpenAPI slices, with the generator's overlays applied.

The slices ship as package data (``specs/<service>.json.gz``, written by
``tools/refresh-local-api-specs`` from ``tools/cloudflarefs-codegen/specs`` and checked fresh by
``tests/local_api/test_shipped_specs.py``), so an installed ``cloudflarefs-testing`` needs no
checkout. Schemas are OpenAPI 3.0 (JSON Schema draft 4 plus ``nullable``), validated with
``jsonschema``.
"""

from __future__ import annotations

import copy
import functools
import gzip
import json
import re
from importlib.resources import files
from typing import Any

import jsonschema
import jsonschema.exceptions

from cloudflarefs.testing.local_api._wire import Request, validation_error

__all__ = ["SERVICES", "load_spec", "spec_operation", "validate_request"]

SERVICES = ("kv", "d1", "r2", "queues", "workers", "hyperdrive", "durable_objects", "vectorize")


@functools.cache
def load_spec(service: str) -> dict[str, Any]:
    """The overlay-applied slice of ``service``, as shipped."""
    data = files("cloudflarefs.testing.local_api").joinpath("specs", f"{service}.json.gz")
    doc: dict[str, Any] = json.loads(gzip.decompress(data.read_bytes()))
    return doc


@functools.cache
def _operations() -> tuple[tuple[re.Pattern[str], frozenset[str], str], ...]:
    # (path pattern, its methods, template) for every operation of every shipped slice.
    out: list[tuple[re.Pattern[str], frozenset[str], str]] = []
    for service in SERVICES:
        for template, item in load_spec(service)["paths"].items():
            parts = re.split(r"\{[^}/]+\}", template)
            pattern = re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")
            methods = frozenset(m.upper() for m in item if m in _METHODS)
            out.append((pattern, methods, template))
    return tuple(out)


_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def spec_operation(method: str, path: str) -> str | None:
    """The path template of the spec operation ``method path`` matches, if any slice has one.

    ``path`` is the part after ``/client/v4``. Used to tell an operation the local API does not
    serve (a valid request) from a path that exists nowhere.
    """
    for pattern, methods, template in _operations():
        if method.upper() in methods and pattern.match(path):
            return template
    return None


def _as_json_schema(node: Any) -> Any:
    # OpenAPI 3.0's `nullable: true` is JSON Schema's extra "null" type.
    if isinstance(node, list):
        return [_as_json_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _as_json_schema(v) for k, v in node.items()}
    if out.pop("nullable", False) is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


@functools.cache
def _document(service: str) -> dict[str, Any]:
    doc: dict[str, Any] = _as_json_schema(copy.deepcopy(load_spec(service)))
    return doc


def _check(schema: Any, value: Any, doc: dict[str, Any], where: str) -> None:
    # The operation's schema becomes the root of a document that also holds the slice's
    # components, so its "#/components/..." references resolve.
    rooted = {"allOf": [schema], "components": doc.get("components", {})}
    validator = jsonschema.Draft4Validator(rooted)
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is not None:
        at = "".join(f"[{p!r}]" for p in error.absolute_path)
        message = error.message
        if isinstance(error.instance, str | int | float) and not isinstance(error.instance, bool):
            # Never echo the offending value: it may be a password or a token.
            message = message.replace(repr(error.instance), "the value")
        raise validation_error(f"{where}{at}: {message}")


def _coerce(raw: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            number = float(raw)
            return int(number) if number.is_integer() else number
    except ValueError:
        return raw
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def _resolve(node: Any, doc: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def validate_request(service: str, template: str, request: Request) -> None:
    """Raise a 400 :class:`ApiError` when ``request`` breaks the operation's spec.

    Checks path and query parameters (types, enums, ranges, required) and JSON bodies against
    their schema; multipart bodies are checked for their required parts.
    """
    doc = _document(service)
    operation = doc["paths"][template][request.method.lower()]
    params = [
        _resolve(p, doc)
        for p in [*doc["paths"][template].get("parameters", []), *operation.get("parameters", [])]
    ]
    for param in params:
        where, name = param.get("in"), param.get("name")
        schema = _resolve(param.get("schema", {}), doc)
        if where == "query":
            raw = request.arg(name)
            if raw is None:
                if param.get("required"):
                    raise validation_error(f"query parameter {name} is required")
                continue
            _check(schema, _coerce(raw, schema), doc, f"query parameter {name}")
        elif where == "path" and name != "account_id" and name in request.params:
            _check(schema, request.params[name], doc, f"path parameter {name}")
    body = _resolve(operation.get("requestBody"), doc)
    if not isinstance(body, dict) or not request.body:
        if isinstance(body, dict) and body.get("required") and not request.body:
            raise validation_error("this operation needs a request body")
        return
    content: dict[str, Any] = body.get("content", {})
    media = request.content_type
    if media == "application/json" and media in content:
        schema = content[media].get("schema")
        if schema is not None:
            _check(schema, request.json(), doc, "body")
    elif media == "multipart/form-data" and media in content:
        schema = _resolve(content[media].get("schema", {}), doc)
        parts = request.form()
        missing = [p for p in schema.get("required", []) if p not in parts]
        if missing:
            raise validation_error(f"multipart body lacks the part(s) {', '.join(missing)}")
    elif content and media not in content and "application/json" in content and len(content) == 1:
        raise validation_error(f"expected an application/json body, got {media or 'none'}")
