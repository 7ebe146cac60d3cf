# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
# (this module walks untyped JSON documents: their values are Any by nature)
"""Turning JSON Schemas into Python type expressions and attrs model definitions.

One :class:`TypeBuilder` per generated module. It is deterministic: names are claimed in the order
schemas are first reached, and operations are walked in sorted order by the caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from cloudflarefs_codegen.naming import (
    NameRegistry,
    clean_component_name,
    component_prefix,
    pascal_case,
    python_identifier,
)
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.spec import as_object, pointer_get

__all__ = ["Direction", "EnumDef", "FieldDef", "ModelDef", "TypeBuilder", "TypeRef", "member_name"]

Direction = Literal["response", "request"]

_REQUEST_SUFFIXES = ("Body", "Request", "Params", "Input")
_MAX_DOC = 400
# Field names that would shadow names the annotations use (attrs' slots put fields in the class
# namespace, where ``typing.get_type_hints`` looks first).
_FIELD_RESERVED = frozenset(
    {"extra", "list", "dict", "str", "int", "float", "bool", "bytes", "datetime", "attrs"}
)
# Component names too vague to stand alone once the prefix is gone.
_GENERIC = frozenset(
    {"Result", "Results", "Response", "Body", "Schema", "Item", "Items", "Data", "Value", "Object"}
)


@dataclass(frozen=True)
class TypeRef:
    """A Python type expression and whether ``None`` is a legal value."""

    expr: str
    nullable: bool = False

    def with_none(self) -> str:
        """The expression, with ``| None`` when nullable."""
        if self.nullable and self.expr not in ("Any", "None"):
            return f"{self.expr} | None"
        return self.expr


@dataclass
class FieldDef:
    """One attribute of a model."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    secret: bool = False
    """``format: password`` (set by an overlay where the spec lacks it): kept out of ``repr``."""


@dataclass
class ModelDef:
    """An attrs class to emit."""

    name: str
    direction: Direction
    doc: str
    fields: list[FieldDef] = field(default_factory=list[FieldDef])
    extra_name: str = "extra"


@dataclass
class EnumDef:
    """An ``OpenStrEnum`` to emit."""

    name: str
    doc: str
    values: tuple[str, ...]


def _doc(schema: dict[str, Any], fallback: str) -> str:
    text = str(schema.get("description") or schema.get("title") or fallback).strip()
    text = " ".join(text.split())
    if len(text) > _MAX_DOC:
        text = text[: _MAX_DOC - 3].rstrip() + "..."
    return text


def _canonical(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, separators=(",", ":"))


def member_name(value: str, taken: set[str]) -> str:
    """An UPPER_SNAKE enum member name for ``value``, unique within ``taken``."""
    base = python_identifier(value).upper().strip("_") or "EMPTY"
    if base[0].isdigit():
        base = "V_" + base
    name = base
    n = 2
    while name in taken:
        name = f"{base}_{n}"
        n += 1
    taken.add(name)
    return name


class TypeBuilder:
    """Collects models and enums for one module while mapping schemas to type expressions."""

    def __init__(self, doc: dict[str, Any], service: str, report: Report) -> None:
        self.doc = doc
        self.service = service
        self.report = report
        self.names = NameRegistry()
        self.models: dict[str, ModelDef] = {}
        self.enums: dict[str, EnumDef] = {}
        self.uses_datetime = False
        # union expression -> (tag wire name, {tag value: class name})
        self.tagged_unions: dict[str, tuple[str, dict[str, str]]] = {}
        self._by_ref: dict[tuple[str, Direction], TypeRef] = {}
        self._by_shape: dict[tuple[str, Direction], str] = {}
        self._enum_by_values: dict[tuple[str, ...], str] = {}
        # Where a schema carries example values: site -> (type expression, direction, examples).
        # The examples test structures each value into the generated type.
        self.schema_index: dict[str, tuple[str, Direction, list[Any]]] = {}
        self.operation = ""

    # -- entry point -------------------------------------------------------------------------

    def type_for(
        self, schema: Any, hint: str, direction: Direction, site: str, *, json_context: bool = True
    ) -> TypeRef:
        """The type of ``schema``; ``hint`` names any class the schema needs."""
        if not isinstance(schema, dict):
            return TypeRef("Any")
        if "$ref" in schema:
            return self._ref(schema["$ref"], direction, site, hint)
        ref = self._resolve_inline(schema, hint, direction, site, json_context=json_context)
        self._record_examples(site, schema, ref.with_none(), direction)
        return ref

    # -- refs --------------------------------------------------------------------------------

    def _ref(self, ref: str, direction: Direction, site: str, hint: str = "") -> TypeRef:
        key = (ref, direction)
        if key in self._by_ref:
            return self._by_ref[key]
        component = ref.rsplit("/", 1)[-1]
        target = pointer_get(self.doc, ref[1:]) if ref.startswith("#/") else {}
        if isinstance(target, dict) and "$ref" in target:
            result = self._ref(target["$ref"], direction, site, hint)
            self._by_ref[key] = result
            return result
        base = clean_component_name(component)
        if direction == "request" and not base.endswith(_REQUEST_SUFFIXES):
            base += "Input"
        if isinstance(target, dict) and self._is_model(target):
            shape = (_canonical(target), direction)
            if shape in self._by_shape:
                result = TypeRef(self._by_shape[shape], bool(target.get("nullable")))
                self._by_ref[key] = result
                return result
            name = self._claim_component(base, component, hint)
            result = TypeRef(name, bool(target.get("nullable")))
            # Register before building the fields: recursive schemas refer back by name.
            self._by_ref[key] = result
            self._by_shape[shape] = name
            self._build_model(name, target, direction, ref)
            self._record_examples(ref, target, name, direction)
            return result
        result = self._resolve_inline(target, base, direction, ref)
        self._by_ref[key] = result
        if isinstance(target, dict):
            self._record_examples(ref, target, result.with_none(), direction)
        return result

    def _record_examples(
        self, site: str, schema: dict[str, Any], expr: str, direction: Direction
    ) -> None:
        values: list[Any] = []
        if "example" in schema:
            values.append(schema["example"])
        examples = schema.get("examples")
        if isinstance(examples, list):
            values.extend(examples)
        elif isinstance(examples, dict):
            values.extend(v.get("value") if isinstance(v, dict) else v for v in examples.values())
        if values:
            self.schema_index.setdefault(f"{direction} {site}", (expr, direction, values))

    def _claim_component(self, base: str, component: str, hint: str) -> str:
        """Clean component name; a generic or already-taken one yields to the site's name."""
        if hint and (base in _GENERIC or base in self.names) and hint not in self.names:
            return self.names.claim(hint)
        return self.names.claim(base, disambiguator=component_prefix(component))

    # -- classification ----------------------------------------------------------------------

    def _is_model(self, schema: dict[str, Any]) -> bool:
        if "allOf" in schema:
            merged = self.merge_all_of(schema)
            return (
                bool(merged.get("properties")) and "oneOf" not in merged and "anyOf" not in merged
            )
        return bool(schema.get("properties")) and "oneOf" not in schema and "anyOf" not in schema

    def merge_all_of(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Flatten ``allOf`` (through refs): properties merge with "last one wins"."""
        out: dict[str, Any] = {}
        props: dict[str, Any] = {}
        required: list[str] = []
        members: list[Any] = [{k: v for k, v in schema.items() if k != "allOf"}]
        members = [*schema.get("allOf", []), members[0]]
        for member in members:
            resolved = self._deref(member)
            if not isinstance(resolved, dict):
                continue
            if "allOf" in resolved:
                resolved = self.merge_all_of(resolved)
            for k, v in resolved.items():
                if k == "properties" and isinstance(v, dict):
                    props.update(v)
                elif k == "required" and isinstance(v, list):
                    required.extend(str(x) for x in v if str(x) not in required)
                elif k not in ("allOf",):
                    out[k] = v
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out

    def deref(self, node: Any) -> dict[str, Any]:
        """Follow ``$ref``s; a non-object result becomes ``{}``."""
        return as_object(self._deref(node))

    def _deref(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen or not str(ref).startswith("#/"):
                return {}
            seen.add(ref)
            node = pointer_get(self.doc, ref[1:])
        return node

    # -- inline schemas ----------------------------------------------------------------------

    def _resolve_inline(
        self,
        schema: dict[str, Any],
        hint: str,
        direction: Direction,
        site: str,
        *,
        json_context: bool = True,
    ) -> TypeRef:
        nullable = bool(schema.get("nullable"))
        if "allOf" in schema:
            merged = self.merge_all_of(schema)
            if len(schema["allOf"]) == 1 and set(schema) <= {
                "allOf",
                "description",
                "nullable",
                "type",
                "title",
            }:
                inner = self.type_for(schema["allOf"][0], hint, direction, site)
                return TypeRef(inner.expr, inner.nullable or nullable)
            inner = self._resolve_inline(merged, hint, direction, site, json_context=json_context)
            return TypeRef(inner.expr, inner.nullable or nullable)
        for key in ("oneOf", "anyOf"):
            if key in schema and not schema.get("properties"):
                inner = self._union(schema[key], hint, direction, site, key)
                return TypeRef(inner.expr, inner.nullable or nullable)
        if "enum" in schema:
            return self._enum(schema, hint, site, nullable)
        kind = schema.get("type")
        if schema.get("properties") and kind in (None, "object"):
            if "oneOf" in schema or "anyOf" in schema:
                # Properties next to a union (AI run): the properties describe the common shape.
                pass
            return TypeRef(self._inline_model(schema, hint, direction, site), nullable)
        if kind == "array":
            item = self.type_for(schema.get("items", {}), hint + "Item", direction, site + "/items")
            return TypeRef(f"list[{item.with_none()}]", nullable)
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.type_for(
                    extra, hint + "Value", direction, site + "/additionalProperties"
                )
                return TypeRef(f"dict[str, {value.with_none()}]", nullable)
            self.report.add("free_form_object", self.service, self.operation, site)
            return TypeRef("dict[str, Any]", nullable)
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "binary":
                if not json_context:
                    return TypeRef("bytes", nullable)
                self.report.add("binary_in_json", self.service, self.operation, site)
                return TypeRef("str", nullable)
            if fmt == "date-time":
                self.uses_datetime = True
                return TypeRef("datetime.datetime", nullable)
            return TypeRef("str", nullable)
        if kind == "integer":
            return TypeRef("int", nullable)
        if kind == "number":
            return TypeRef("float", nullable)
        if kind == "boolean":
            return TypeRef("bool", nullable)
        if kind is None and ("oneOf" in schema or "anyOf" in schema):
            key = "oneOf" if "oneOf" in schema else "anyOf"
            inner = self._union(schema[key], hint, direction, site, key)
            return TypeRef(inner.expr, inner.nullable or nullable)
        self.report.add("untyped_schema", self.service, self.operation, site)
        return TypeRef("Any", nullable)

    def _union(
        self, variants: list[Any], hint: str, direction: Direction, site: str, key: str
    ) -> TypeRef:
        refs: list[TypeRef] = []
        for i, variant in enumerate(variants):
            resolved = self._deref(variant)
            if isinstance(resolved, dict) and resolved.get("enum") == [None]:
                refs.append(TypeRef("None", True))
                continue
            refs.append(
                self.type_for(variant, f"{hint}Variant{i + 1}", direction, f"{site}/{key}/{i}")
            )
        nullable = any(r.nullable for r in refs)
        exprs: list[str] = []
        for r in refs:
            if r.expr != "None" and r.expr not in exprs:
                exprs.append(r.expr)
        if not exprs:
            return TypeRef("None", True)
        if len(exprs) == 1:
            return TypeRef(exprs[0], nullable)
        scalars = {"str", "int", "float", "bool"}
        if set(exprs) <= scalars:
            return TypeRef(" | ".join(exprs), nullable)
        tag = self._tag_field(exprs) if direction == "response" else None
        if tag is not None:
            # Every variant has the same required Literal tag with distinct values: a generated
            # hook dispatches on it, and an unknown tag keeps the raw mapping (open world).
            expr = " | ".join([*exprs, "dict[str, Any]"])
            if expr not in self.tagged_unions:
                self.tagged_unions[expr] = (tag, self._tag_values(exprs, tag))
            return TypeRef(expr, nullable)
        if direction == "request" and "Any" not in exprs:
            # Sending needs no disambiguation: unstructuring follows the value's own class.
            return TypeRef(" | ".join(exprs), nullable)
        self.report.add(
            "untagged_union", self.service, self.operation, site, " | ".join(exprs)[:200]
        )
        return TypeRef("Any", nullable)

    def _tag_values(self, exprs: list[str], tag: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for expr in exprs:
            field = next(f for f in self.models[expr].fields if f.wire_name == tag)
            out[json.loads(field.type.expr[len("Literal[") : -1])] = expr
        return out

    def _tag_field(self, exprs: list[str]) -> str | None:
        models = [self.models.get(e) for e in exprs]
        if any(m is None for m in models):
            return None
        tags: list[dict[str, str]] = [
            {
                f.wire_name: f.type.expr
                for f in m.fields
                if f.required and not f.type.nullable and f.type.expr.startswith("Literal[")
            }
            for m in models
            if m is not None
        ]
        common = set.intersection(*(set(t) for t in tags)) if tags else set()
        for name in sorted(common):
            if len({t[name] for t in tags}) == len(tags):
                return name
        return None

    def _enum(self, schema: dict[str, Any], hint: str, site: str, nullable: bool) -> TypeRef:
        values: list[Any] = list(schema["enum"])
        if None in values:
            nullable = True
            values = [v for v in values if v is not None]
        if not values:
            return TypeRef("None", True)
        if all(isinstance(v, bool) for v in values):
            if len(values) == 1:
                return TypeRef(f"Literal[{values[0]!r}]", nullable)
            return TypeRef("bool", nullable)
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return TypeRef("int", nullable)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return TypeRef("float", nullable)
        if not all(isinstance(v, str) for v in values):
            self.report.add("untyped_schema", self.service, self.operation, site, "mixed enum")
            return TypeRef("Any", nullable)
        texts = tuple(str(v) for v in values)
        if len(texts) == 1:
            return TypeRef(f"Literal[{json.dumps(texts[0])}]", nullable)
        key = tuple(sorted(texts))
        if key in self._enum_by_values:
            return TypeRef(self._enum_by_values[key], nullable)
        name = self.names.claim(hint or "Enum")
        self._enum_by_values[key] = name
        self.enums[name] = EnumDef(name, _doc(schema, f"Values of {name}."), texts)
        return TypeRef(name, nullable)

    def _inline_model(
        self, schema: dict[str, Any], hint: str, direction: Direction, site: str
    ) -> str:
        shape = (_canonical(schema), direction)
        if shape in self._by_shape:
            return self._by_shape[shape]
        name = self.names.claim(hint or "Model")
        self._by_shape[shape] = name
        self._build_model(name, schema, direction, site)
        return name

    def _build_model(
        self, name: str, schema: dict[str, Any], direction: Direction, site: str
    ) -> None:
        merged = self.merge_all_of(schema) if "allOf" in schema else schema
        model = ModelDef(name, direction, _doc(merged, f"{name}."))
        self.models[name] = model
        props: dict[str, Any] = merged.get("properties") or {}
        required = [str(r) for r in merged.get("required", []) if isinstance(r, str)]
        for r in required:
            if r not in props:
                self.report.add("invalid_required", self.service, self.operation, site, r)
        used: set[str] = set()
        for wire in sorted(props):
            py = python_identifier(wire, reserved=_FIELD_RESERVED)
            while py in used:
                py += "_"
            used.add(py)
            field_hint = name + pascal_case(wire)
            ftype = self.type_for(props[wire], field_hint, direction, f"{site}/properties/{wire}")
            secret = self.deref(props[wire]).get("format") == "password"
            model.fields.append(FieldDef(py, wire, ftype, wire in required, secret))
        model.extra_name = "extra" if "extra" not in used else "extra_fields"
