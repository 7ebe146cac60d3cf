# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (this module walks untyped JSON documents: their values are Any by nature)
"""The operation IR: what one endpoint needs to become a builder, a parser and client methods."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from cloudflarefs_codegen.naming import pascal_case, python_identifier, snake_case
from cloudflarefs_codegen.overlay import Overlay, Pagination
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.spec import as_list, as_object, iter_operations, repair_refs
from cloudflarefs_codegen.typegen import TypeBuilder, TypeRef

__all__ = ["Body", "Operation", "Param", "Part", "Result", "build_operations"]

ResultKind = Literal["envelope", "json", "bytes", "text", "none"]

_JSON = re.compile(r"^application/([\w.+-]*\+)?json$")
_BINARY = (
    "application/octet-stream",
    "application/javascript",
    "application/wasm",
    "application/zip",
)
_RESERVED_METHOD_NAMES = frozenset({"with_options", "close"})


@dataclass
class Param:
    """A path, query or header parameter."""

    py: str
    wire: str
    location: str
    type: str
    required: bool
    doc: str = ""


@dataclass
class Part:
    """One named multipart form field."""

    py: str
    wire: str
    kind: Literal["file", "json"]
    required: bool


@dataclass
class Body:
    """The request body."""

    kind: Literal["json", "multipart", "content"]
    media_type: str
    required: bool
    type: str = "Any"
    parts: list[Part] = field(default_factory=list[Part])


@dataclass
class Result:
    """How the success response is parsed."""

    kind: ResultKind
    type: str = "None"
    nullable: bool = False
    item_type: str | None = None

    @property
    def annotation(self) -> str:
        """Return annotation of the parse function."""
        if self.kind == "bytes":
            return "bytes"
        if self.kind == "text":
            return "str"
        if self.kind == "none":
            return "None"
        if self.nullable and self.type not in ("Any", "None"):
            return f"{self.type} | None"
        return self.type


@dataclass
class Operation:
    """One endpoint."""

    method: str
    path: str
    operation_id: str
    summary: str
    deprecated: bool
    resource: str
    name: str
    params: list[Param]
    body: Body | None
    result: Result
    pagination: Pagination | None
    streams: bool = False

    @property
    def func(self) -> str:
        """``namespaces_list``: the suffix of ``build_``/``parse_`` functions."""
        return f"{self.resource}_{self.name}"

    @property
    def hint(self) -> str:
        """PascalCase stem for the operation's inline type names."""
        return pascal_case(self.resource) + pascal_case(self.name)


def _first_line(text: str) -> str:
    text = " ".join(str(text or "").split())
    return text[:300]


def _derive_names(op: dict[str, Any], method: str, path: str) -> tuple[str, str]:
    tags = op.get("tags") or []
    tag = (
        str(tags[0])
        if tags
        else path.strip("/").split("/")[2 if path.startswith("/accounts") else 0]
    )
    resource = python_identifier(tag)
    op_id = snake_case(str(op.get("operationId") or f"{method} {path}"))
    slug = snake_case(tag)
    name = op_id[len(slug) + 1 :] if op_id.startswith(slug + "_") else op_id
    return resource, python_identifier(name or method.lower())


class OperationBuilder:
    """Builds :class:`Operation`s and fills a :class:`TypeBuilder` with their models."""

    def __init__(self, doc: dict[str, Any], service: str, overlay: Overlay, report: Report) -> None:
        self.doc = doc
        self.service = service
        self.overlay = overlay
        self.report = report
        self.types = TypeBuilder(doc, service, report)

    def build(self) -> list[Operation]:
        """Every operation of the document, sorted by (resource, name)."""
        raw = sorted(iter_operations(self.doc), key=lambda t: (t[1], t[0]))
        named: list[tuple[str, str, str, str, dict[str, Any], Pagination | None]] = []
        taken: set[tuple[str, str]] = set()
        for method, path, op in raw:
            entry = self.overlay.operations.get((method, path))
            if entry is not None:
                resource, name, pagination = entry.resource, entry.name, entry.pagination
            else:
                resource, name = _derive_names(op, method, path)
                pagination = None
                self.report.add(
                    "derived_name",
                    self.service,
                    f"{method} {path}",
                    "operation",
                    f"{resource}.{name}",
                )
            if name in _RESERVED_METHOD_NAMES:
                name += "_"
            base = name
            n = 2
            while (resource, name) in taken:
                name = f"{base}_{n}"
                n += 1
            if name != base:
                self.report.add(
                    "name_collision", self.service, f"{method} {path}", "operation", name
                )
            taken.add((resource, name))
            named.append((method, path, resource, name, op, pagination))
        named.sort(key=lambda t: (t[2], t[3]))
        ops: list[Operation] = []
        for method, path, resource, name, op, pagination in named:
            self.types.operation = f"{method} {path}"
            ops.append(self._operation(method, path, resource, name, op, pagination))
        return ops

    # -- pieces ------------------------------------------------------------------------------

    def _operation(
        self,
        method: str,
        path: str,
        resource: str,
        name: str,
        op: dict[str, Any],
        pagination: Pagination | None,
    ) -> Operation:
        stub = Operation(
            method=method,
            path=path,
            operation_id=str(op.get("operationId", "")),
            summary=_first_line(op.get("summary") or op.get("description") or f"{method} {path}"),
            deprecated=bool(op.get("deprecated")),
            resource=resource,
            name=name,
            params=[],
            body=None,
            result=Result("none"),
            pagination=pagination,
        )
        stub.params = self._params(op, path, stub)
        stub.body = self._body(op, stub, {p.py for p in stub.params})
        stub.result, stub.streams = self._result(op, stub)
        return stub

    def _params(self, op: dict[str, Any], path: str, stub: Operation) -> list[Param]:
        item = self.doc["paths"][path]
        raw: list[Any] = [*item.get("parameters", []), *op.get("parameters", [])]
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for p in raw:
            resolved = self.types.deref(p)
            if "name" in resolved:
                merged[(str(resolved.get("in")), str(resolved["name"]))] = resolved
        # Path placeholders the parameters forgot to declare still need a value.
        for placeholder in re.findall(r"\{([^}]+)\}", path):
            merged.setdefault(
                ("path", placeholder),
                {"in": "path", "name": placeholder, "required": True, "schema": {"type": "string"}},
            )
        params: list[Param] = []
        used: set[str] = {"body", "content", "extra_parts"}
        order = {"path": 0, "query": 1, "header": 2}
        placeholders = re.findall(r"\{([^}]+)\}", path)

        def sort_key(kv: tuple[tuple[str, str], Any]) -> tuple[int, int, str]:
            location, wire = kv[0]
            position = (
                placeholders.index(wire) if location == "path" and wire in placeholders else 0
            )
            return (order.get(location, 3), position, wire)

        for (location, wire), p in sorted(merged.items(), key=sort_key):
            site = f"{stub.method} {path} parameter {location}:{wire}"
            if location not in order:
                self.report.add(
                    "unsupported_parameter", self.service, stub.method + " " + path, site, location
                )
                continue
            if location == "path" and wire not in re.findall(r"\{([^}]+)\}", path):
                continue
            py = python_identifier(wire)
            while py in used:
                py += "_"
            used.add(py)
            schema = p.get("schema")
            if schema is None and isinstance(p.get("content"), dict):
                schema = next(iter(p["content"].values()), {}).get("schema")
            if location == "path":
                ptype = "str"
            elif schema is None:
                self.report.add(
                    "unsupported_parameter",
                    self.service,
                    stub.method + " " + path,
                    site,
                    "no schema",
                )
                ptype = "str"
            else:
                ptype = self._param_type(schema, stub.hint + pascal_case(wire), site)
            required = location == "path" or bool(p.get("required"))
            params.append(
                Param(py, wire, location, ptype, required, _first_line(p.get("description", "")))
            )
        return params

    def _param_type(self, schema: Any, hint: str, site: str) -> str:
        ref = self.types.type_for(schema, hint, "request", site)
        expr = ref.expr
        if expr.startswith("list["):
            inner = expr[5:-1]
            return f"Sequence[{inner}]" if self._scalar(inner) else "Sequence[str]"
        if self._scalar(expr):
            return expr
        self.report.add("query_object", self.service, self.types.operation, site, expr)
        return "str"

    def _scalar(self, expr: str) -> bool:
        if expr in ("str", "int", "float", "bool") or expr.startswith("Literal["):
            return True
        return expr in self.types.enums

    def _body(self, op: dict[str, Any], stub: Operation, used: set[str]) -> Body | None:
        body = self.types.deref(op.get("requestBody"))
        content = as_object(body.get("content"))
        if not content:
            return None
        media_types = list(content)
        chosen = next((m for m in media_types if _JSON.match(m)), None)
        chosen = chosen or next(
            (m for m in media_types if m.startswith("multipart/form-data")), None
        )
        chosen = chosen or media_types[0]
        where = f"{stub.method} {stub.path}"
        if len(media_types) > 1:
            others = ", ".join(m for m in media_types if m != chosen)
            self.report.add(
                "alternate_media_type",
                self.service,
                where,
                "requestBody",
                f"used {chosen}; also {others}",
            )
        required = bool(body.get("required"))
        schema = as_object(content[chosen]).get("schema")
        if _JSON.match(chosen):
            if not schema:
                self.report.add("untyped_body", self.service, where, "requestBody")
                return Body("json", chosen, required, "Any")
            ref = self.types.type_for(schema, stub.hint + "Body", "request", f"{where} requestBody")
            expr = ref.expr
            if expr.startswith("list["):
                expr = "Sequence[" + expr[5:-1] + "]"
            return Body("json", chosen, required, expr)
        if chosen.startswith("multipart/form-data"):
            return Body("multipart", chosen, required, parts=self._parts(schema, where, used))
        self.report.add("non_json_body", self.service, where, "requestBody", chosen)
        return Body("content", chosen, required)

    def _parts(self, schema: Any, where: str, used: set[str]) -> list[Part]:
        resolved = self.types.deref(schema)
        if "allOf" in resolved:
            resolved = self.types.merge_all_of(resolved)
        if "oneOf" in resolved or "anyOf" in resolved:
            variants = as_list(resolved.get("oneOf") or resolved.get("anyOf"))
            first = self.types.deref(variants[0]) if variants else {}
            self.report.add(
                "untagged_union",
                self.service,
                where,
                "multipart body",
                "first variant's parts used",
            )
            resolved = first
        props = as_object(resolved.get("properties"))
        required = {str(r) for r in as_list(resolved.get("required"))}
        parts: list[Part] = []
        for wire in sorted(props):
            if not re.fullmatch(r"[\w.\-/ ]+", wire) or wire.startswith("<"):
                self.report.add("multipart_wildcard_part", self.service, where, f"part {wire}")
                continue
            prop = self.types.deref(props[wire])
            kind: Literal["file", "json"] = "file"
            ptype = prop.get("type")
            is_binary_array = (
                ptype == "array" and as_object(prop.get("items")).get("format") == "binary"
            )
            if ptype not in ("string", None) and not is_binary_array:
                kind = "json"
            py = python_identifier(wire)
            while py in used:
                py += "_"
            used.add(py)
            parts.append(Part(py, wire, kind, wire in required))
        return parts

    def _result(self, op: dict[str, Any], stub: Operation) -> tuple[Result, bool]:
        responses: dict[str, Any] = op.get("responses") or {}
        codes = sorted(c for c in responses if str(c).startswith("2"))
        where = f"{stub.method} {stub.path}"
        if not codes:
            self.report.add("untyped_result", self.service, where, "responses", "no 2xx response")
            return Result("none"), False
        resolved_all = [self.types._deref(responses[c]) for c in codes]  # pyright: ignore[reportPrivateUsage]
        response = resolved_all[0]
        if len(codes) > 1 and any(r != response for r in resolved_all[1:]):
            self.report.add(
                "alternate_success_schema",
                self.service,
                where,
                "responses",
                f"used {codes[0]} of {codes}",
            )
        content: dict[str, Any] = (response or {}).get("content") or {}
        if not content:
            return Result("none"), False
        media_types = list(content)
        streams = "text/event-stream" in media_types
        json_type = next((m for m in media_types if _JSON.match(m)), None)
        if json_type is None:
            others = [m for m in media_types if m != "text/event-stream"]
            if not others:
                return Result("bytes"), streams
            chosen = others[0]
            if len(others) > 1:
                self.report.add(
                    "alternate_media_type",
                    self.service,
                    where,
                    "response",
                    f"used {chosen}; also {others[1:]}",
                )
            if chosen.startswith("text/") and chosen != "text/event-stream":
                return Result("text"), streams
            if chosen.startswith(("image/", "audio/", "video/", "multipart/")) or chosen in _BINARY:
                return Result("bytes"), streams
            self.report.add(
                "untyped_result", self.service, where, "response", f"media type {chosen!r} -> bytes"
            )
            return Result("bytes"), streams
        if len([m for m in media_types if m != "text/event-stream"]) > 1:
            self.report.add(
                "alternate_media_type", self.service, where, "response", f"used {json_type}"
            )
        schema = (content[json_type] or {}).get("schema")
        if not schema:
            self.report.add("untyped_result", self.service, where, "response")
            return Result("json", "Any"), streams
        merged = self.types.deref(schema)
        if "allOf" in merged:
            merged = self.types.merge_all_of(merged)
        props = as_object(merged.get("properties"))
        is_envelope = "result" in props or {"success", "errors"} <= set(props)
        if not is_envelope:
            ref = self.types.type_for(
                schema, stub.hint + "Response", "response", f"{where} response"
            )
            return self._with_items(Result("json", ref.expr, ref.nullable), stub, schema), streams
        if "result" not in props:
            return Result("envelope", "None", True), streams
        result_schema = props["result"]
        ref = self.types.type_for(
            result_schema, stub.hint + "Result", "response", f"{where} result"
        )
        return self._with_items(
            Result("envelope", ref.expr, ref.nullable), stub, result_schema
        ), streams

    def _with_items(self, result: Result, stub: Operation, schema: Any) -> Result:
        if stub.pagination is None:
            return result
        node: Any = self.types.deref(schema)
        for key in stub.pagination.items_path:
            if isinstance(node, dict) and "allOf" in node:
                node = self.types.merge_all_of(node)
            node = self.types.deref(((node or {}).get("properties") or {}).get(key, {}))
        if isinstance(node, dict) and node.get("type") == "array":
            hint = stub.hint + "Item"
            item: TypeRef = self.types.type_for(
                node.get("items", {}), hint, "response", f"{stub.method} {stub.path} item"
            )
            # Reuse the exact class the result type already uses for its items when it is a list.
            if result.type.startswith("list[") and not stub.pagination.items_path:
                result.item_type = result.type[5:-1]
            else:
                result.item_type = item.with_none()
        else:
            result.item_type = "Any"
        return result


def build_operations(
    doc: dict[str, Any], service: str, overlay: Overlay, report: Report
) -> tuple[list[Operation], TypeBuilder]:
    """All operations of ``doc`` plus the type builder holding their models."""
    doc = copy.deepcopy(doc)
    for where, notes in repair_refs(doc).items():
        for note in notes:
            kind = "path_item_ref" if note.startswith("path item") else "missing_ref"
            report.add(kind, service, where, where, note)
    builder = OperationBuilder(doc, service, overlay, report)
    return builder.build(), builder.types
