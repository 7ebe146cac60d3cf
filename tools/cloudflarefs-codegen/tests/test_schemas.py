"""allOf merging, envelopes, unions, enums, requests vs responses."""

from __future__ import annotations

from typing import Any

import attrs
from cloudflarefs_codegen.minispec import COMMON, envelope, make_doc
from cloudflarefs_codegen.render import _model_source  # pyright: ignore[reportPrivateUsage]

from cloudflarefs.core.unset import UNSET, Unset

Build = Any


def _fallbacks(report: Any) -> list[tuple[str, str]]:
    return [(f.kind, f.detail) for f in report.fallbacks if f.kind != "derived_name"]


def _get(path: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        path: {"get": {"operationId": "op", "tags": ["Things"], "responses": responses, **extra}}
    }


def test_envelope_is_unwrapped_and_last_result_wins(build: Build) -> None:
    schemas = {
        **COMMON,
        "x_thing": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "createdOn": {"type": "string", "format": "date-time"},
            },
        },
    }
    doc = make_doc(
        _get(
            "/things",
            envelope({"type": "array", "items": {"$ref": "#/components/schemas/x_thing"}}),
        ),
        schemas,
    )
    ops, types, _ = build(doc)
    assert ops[0].result.kind == "envelope"
    assert ops[0].result.type == "list[Thing]"
    thing = types.models["Thing"]
    assert [(f.name, f.wire_name, f.required) for f in thing.fields] == [
        ("created_on", "createdOn", False),
        ("id", "id", True),
    ]
    assert thing.direction == "response"
    # no envelope class is generated
    assert not any("Response" in name or "Common" in name for name in types.models)


def test_all_of_merges_properties_and_required_through_refs(build: Build) -> None:
    schemas = {
        "x_base": {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        },
        "x_child": {
            "allOf": [
                {"$ref": "#/components/schemas/x_base"},
                {
                    "required": ["c"],
                    "properties": {"b": {"type": "integer"}, "c": {"type": "boolean"}},
                },
            ]
        },
    }
    doc = make_doc(
        _get(
            "/c",
            {
                "200": {
                    "description": "",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/x_child"}}
                    },
                }
            },
        ),
        schemas,
    )
    _, types, _ = build(doc)
    merged = types.merge_all_of(schemas["x_child"])
    assert set(merged["properties"]) == {"a", "b", "c"}
    assert merged["properties"]["b"] == {"type": "integer"}  # the later member wins
    assert merged["required"] == ["a", "c"]
    child = types.models["Child"]
    assert {f.name: (f.type.expr, f.required) for f in child.fields} == {
        "a": ("str", True),
        "b": ("int", False),
        "c": ("bool", True),
    }


def test_unsatisfiable_success_and_failure_all_of_still_merges(build: Build) -> None:
    schema = {
        "allOf": [
            {"properties": {"success": {"enum": [True]}}},
            {"properties": {"success": {"enum": [False]}}},
        ]
    }
    _, types, _ = build(make_doc({}))
    assert types.merge_all_of(schema)["properties"]["success"] == {"enum": [False]}


def test_enums_become_open_enums_and_single_values_literals(build: Build) -> None:
    props = {
        "status": {"type": "string", "enum": ["active", "paused"]},
        "kind": {"type": "string", "enum": ["worker"]},
        "order": {"enum": ["asc", "desc"]},
    }
    doc = make_doc(_get("/e", envelope({"type": "object", "properties": props})), COMMON)
    _, types, _ = build(doc)
    result = types.models["ThingsOpResult"]
    fields = {f.name: f.type.expr for f in result.fields}
    assert fields["kind"] == 'Literal["worker"]'
    status = fields["status"]
    assert types.enums[status].values == ("active", "paused")
    # identical value sets share one enum
    assert fields["order"] != status


def test_untagged_response_union_falls_back_to_any_and_is_reported(build: Build) -> None:
    result = {
        "oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "array", "items": {"type": "string"}},
        ]
    }
    doc = make_doc(_get("/u", envelope(result)), COMMON)
    ops, _, report = build(doc)
    assert ops[0].result.type == "Any"
    assert [kind for kind, _ in _fallbacks(report)] == ["untagged_union"]


def test_request_unions_are_kept_and_scalars_union(build: Build) -> None:
    body = {
        "oneOf": [
            {
                "type": "object",
                "required": ["prompt"],
                "properties": {"prompt": {"type": "string"}},
            },
            {
                "type": "object",
                "required": ["messages"],
                "properties": {"messages": {"type": "array", "items": {"type": "string"}}},
            },
        ]
    }
    doc = make_doc(
        {
            "/r": {
                "post": {
                    "operationId": "r",
                    "tags": ["Run"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": envelope({"oneOf": [{"type": "string"}, {"type": "number"}]}),
                }
            }
        },
        COMMON,
    )
    ops, types, report = build(doc)
    assert ops[0].body is not None
    assert ops[0].body.type == "RunRBodyVariant1 | RunRBodyVariant2"
    assert types.models["RunRBodyVariant1"].direction == "request"
    assert ops[0].result.type == "str | float"
    assert not _fallbacks(report)


def test_byte_identical_components_are_reused(build: Build) -> None:
    same = {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
    }
    schemas = {"a_messages": same, "b_messages": dict(same)}
    result = {
        "type": "object",
        "properties": {
            "x": {"$ref": "#/components/schemas/a_messages"},
            "y": {"$ref": "#/components/schemas/b_messages"},
        },
    }
    _, types, _ = build(make_doc(_get("/m", envelope(result)), {**COMMON, **schemas}))
    fields = {f.name: f.type.expr for f in types.models["ThingsOpResult"].fields}
    assert fields == {"x": "Messages", "y": "Messages"}


def test_request_models_are_distinct_from_response_models(build: Build) -> None:
    schemas = {**COMMON, "x_item": {"type": "object", "properties": {"n": {"type": "string"}}}}
    ref = {"$ref": "#/components/schemas/x_item"}
    doc = make_doc(
        {
            "/i": {
                "put": {
                    "operationId": "p",
                    "tags": ["Items"],
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": envelope(ref),
                }
            }
        },
        schemas,
    )
    _, types, _ = build(doc)
    # "Item" is too generic to stand alone: the response takes the operation's name
    assert types.models["ItemsPResult"].direction == "response"
    assert types.models["ItemInput"].direction == "request"
    assert ops_result_type(types) == "ItemsPResult"


def ops_result_type(types: Any) -> str:
    return next(n for n, m in types.models.items() if m.direction == "response")


def test_required_naming_a_missing_property_is_reported(build: Build) -> None:
    result = {"type": "object", "required": ["ghost"], "properties": {"a": {"type": "string"}}}
    _, _, report = build(make_doc(_get("/g", envelope(result)), COMMON))
    assert _fallbacks(report) == [("invalid_required", "ghost")]


def test_keywords_and_odd_wire_names(build: Build) -> None:
    result = {
        "type": "object",
        "properties": {
            "from": {"type": "string"},
            "workers/tag": {"type": "string"},
            "extra": {"type": "string"},
        },
    }
    _, types, _ = build(make_doc(_get("/k", envelope(result)), COMMON))
    model = types.models["ThingsOpResult"]
    assert {f.name: f.wire_name for f in model.fields} == {
        "extra_": "extra",
        "from_": "from",
        "workers_tag": "workers/tag",
    }
    assert model.extra_name == "extra"


def test_password_format_fields_are_kept_out_of_repr(build: Build) -> None:
    # Overlays mark secrets with the standard ``format: password``; the model hides them.
    body = {
        "type": "object",
        "required": ["user", "password"],
        "properties": {
            "user": {"type": "string"},
            "password": {"type": "string", "format": "password"},
            "token": {"$ref": "#/components/schemas/x_token"},
        },
    }
    schemas = {**COMMON, "x_token": {"type": "string", "format": "password"}}
    doc = make_doc(
        {
            "/login": {
                "post": {
                    "operationId": "login",
                    "tags": ["Things"],
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": envelope({"type": "object", "properties": {"ok": {}}}),
                }
            }
        },
        schemas,
    )
    _, types, _ = build(doc)
    [model] = [m for m in types.models.values() if m.direction == "request"]
    assert {f.name: f.secret for f in model.fields} == {
        "password": True,
        "token": True,
        "user": False,
    }
    source = _model_source(model)
    assert "password: str = attrs.field(repr=False)" in source
    assert "token: str | Unset = attrs.field(default=UNSET, repr=False)" in source
    namespace: dict[str, Any] = {
        "attrs": attrs,
        "define": attrs.define,
        "Unset": Unset,
        "UNSET": UNSET,
    }
    exec(compile(source, "<models>", "exec"), namespace)
    text = repr(namespace[model.name](user="ada", password="hunter2", token="tok-123"))
    assert "ada" in text and "hunter2" not in text and "tok-123" not in text
