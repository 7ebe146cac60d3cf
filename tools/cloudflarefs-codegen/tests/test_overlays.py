"""Overlay validation and application, and the checked-in overlays themselves."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from cloudflarefs_codegen.generate import OVERLAYS_DIR, SPECS_DIR, load_service_doc
from cloudflarefs_codegen.minispec import COMMON, envelope, make_doc
from cloudflarefs_codegen.model import build_operations
from cloudflarefs_codegen.overlay import OverlayError, load_overlay, parse_overlay
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.services import BY_NAME, SERVICES
from cloudflarefs_codegen.spec import iter_operations, load_json

OVERLAY_FILES = sorted(OVERLAYS_DIR.glob("*.toml"))
Build = Any


def test_every_service_has_an_overlay() -> None:
    assert {p.stem for p in OVERLAY_FILES} == {s.name for s in SERVICES}


@pytest.mark.parametrize("path", OVERLAY_FILES, ids=lambda p: p.stem)
def test_every_overlay_entry_has_a_reason(path: Any) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = [*data.get("patch", []), *data.get("operation", [])]
    added = [*data.get("addition", []), *data.get("schema", [])]
    assert entries
    for entry in [*entries, *added]:
        assert isinstance(entry.get("reason"), str), entry
        assert len(entry["reason"].strip()) >= 10, entry
    for entry in added:
        # an addition names where its facts come from (API docs page or official SDK types)
        assert len(entry["source"].strip()) >= 10, entry


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_operation_has_a_curated_name_and_every_patch_applies(service: Any) -> None:
    doc, overlay, _ = load_service_doc(service)
    ops = {(m, p) for m, p, _ in iter_operations(doc)}
    assert ops == set(overlay.operations)
    report = Report()
    build_operations(doc, service.name, overlay, report)
    assert not [f for f in report.fallbacks if f.kind in ("derived_name", "name_collision")]


def test_entry_without_reason_is_rejected() -> None:
    with pytest.raises(OverlayError, match="reason"):
        parse_overlay({"patch": [{"target": "#", "at": ["x"], "value": 1}]}, "t")
    with pytest.raises(OverlayError, match="reason"):
        parse_overlay(
            {
                "operation": [
                    {"method": "GET", "path": "/x", "resource": "r", "name": "n", "reason": " "}
                ]
            },
            "t",
        )


def test_unknown_keys_and_bad_pagination_are_rejected() -> None:
    with pytest.raises(OverlayError):
        parse_overlay({"patches": []}, "t")
    with pytest.raises(OverlayError, match="pagination style"):
        parse_overlay(
            {
                "operation": [
                    {
                        "reason": "because so",
                        "method": "GET",
                        "path": "/x",
                        "resource": "r",
                        "name": "n",
                        "pagination": {"style": "pages"},
                    }
                ]
            },
            "t",
        )


def test_patch_ops_apply() -> None:
    doc = make_doc(
        {"/a": {"get": {"parameters": [], "responses": envelope({"type": "string"})}}}, COMMON
    )
    overlay = parse_overlay(
        {
            "patch": [
                {
                    "reason": "add a query parameter",
                    "target": "GET /a",
                    "at": ["parameters"],
                    "op": "append",
                    "value": {"in": "query", "name": "q", "schema": {"type": "string"}},
                },
                {
                    "reason": "replace the response media",
                    "target": "GET /a",
                    "at": ["responses", "200", "content"],
                    "value_json": '{"image/png": {"schema": {"type": "string", "format": "binary"}}}',
                },
                {
                    "reason": "merge into a component",
                    "target": "#/components/schemas/x_api-response-common",
                    "op": "merge",
                    "value": {"description": "d"},
                },
                {
                    "reason": "drop a property",
                    "target": "#/components/schemas/x_api-response-common",
                    "at": ["properties", "result"],
                    "op": "delete",
                },
                {
                    "reason": "add an operation",
                    "target": "#",
                    "at": ["paths", "/b"],
                    "value": {"post": {"responses": {}}},
                },
            ]
        },
        "t",
    )
    out = overlay.apply(doc)
    assert out["paths"]["/a"]["get"]["parameters"] == [
        {"in": "query", "name": "q", "schema": {"type": "string"}}
    ]
    assert list(out["paths"]["/a"]["get"]["responses"]["200"]["content"]) == ["image/png"]
    assert out["components"]["schemas"]["x_api-response-common"]["description"] == "d"
    assert "result" not in out["components"]["schemas"]["x_api-response-common"]["properties"]
    assert "/b" in out["paths"]
    assert "image/png" not in str(doc)  # the input is not mutated


def test_patch_that_misses_fails_loudly() -> None:
    overlay = parse_overlay(
        {"patch": [{"reason": "stale target", "target": "GET /nope", "at": ["x"], "value": 1}]}, "t"
    )
    with pytest.raises(OverlayError, match="does not apply"):
        overlay.apply(make_doc({}, COMMON))
    named = parse_overlay(
        {
            "operation": [
                {
                    "reason": "stale name",
                    "method": "GET",
                    "path": "/nope",
                    "resource": "r",
                    "name": "n",
                }
            ]
        },
        "t",
    )
    with pytest.raises(OverlayError, match="not in the spec"):
        named.apply(make_doc({}))


def test_kv_overlay_effects() -> None:
    doc, overlay, _ = load_service_doc(BY_NAME["kv"])
    ops = {(o.resource, o.name): o for o in build_operations(doc, "kv", overlay, Report())[0]}
    assert ops[("values", "get")].result.kind == "bytes"
    update = ops[("values", "_put")]
    assert {p.wire for p in update.params if p.location == "query"} == {
        "expiration",
        "expiration_ttl",
    }
    assert update.body is not None and update.body.kind == "multipart"
    delete_body = ops[("namespaces", "delete")].body
    assert delete_body is not None
    assert not delete_body.required
    assert ops[("namespaces", "list")].pagination is not None
    assert ops[("keys", "list")].pagination.style == "cursor"  # type: ignore[union-attr]


def test_other_required_overlay_effects() -> None:
    def ops_of(name: str) -> dict[tuple[str, str], Any]:
        doc, overlay, _ = load_service_doc(BY_NAME[name])
        return {(o.resource, o.name): o for o in build_operations(doc, name, overlay, Report())[0]}

    queues = ops_of("queues")
    assert queues[("queues", "create")].body.type == "QueuesCreateBody"
    assert queues[("consumers", "_update")].body.type != "Any"
    workers = ops_of("workers")
    for key in [
        ("schedules", "update"),
        ("subdomain", "update"),
        ("usage_model", "update"),
        ("account_settings", "update"),
    ]:
        assert workers[key].body.type != "Any", key
    assert workers[("scripts", "get")].result.kind == "bytes"
    assert workers[("content", "get")].result.kind == "bytes"
    assert workers[("versions", "list")].pagination.items_path == ("items",)
    ai = ops_of("ai")
    assert ai[("run", "cf_stabilityai_stable_diffusion_xl_base_1_0")].result.kind == "bytes"
    assert ai[("run", "cf_meta_llama_3_8b_instruct")].streams
    assert ai[("finetunes", "list_public")].pagination.style == "offset"
    sql = ops_of("analytics_engine")[("sql", "_query")]
    assert sql.body.kind == "content" and sql.body.media_type == "text/plain"
    assert sql.result.kind == "bytes"


def test_vendored_slices_are_sorted_and_recorded() -> None:
    source = load_json(SPECS_DIR / "SOURCE.json")
    assert set(source) == {"file", "sha256", "date", "operations"}
    for service in SERVICES:
        ops = load_json(SPECS_DIR / f"{service.name}.json")["paths"]
        count = sum(1 for item in ops.values() for m in item if m != "parameters")
        assert source["operations"][service.name] == count, service.name
    assert "BSD 3-Clause License" in (SPECS_DIR / "LICENSE").read_text(encoding="utf-8")
    for service in SERVICES:
        overlay = load_overlay(OVERLAYS_DIR / f"{service.name}.toml")
        assert overlay.source


def test_patch_keyed_by_operation_pointer_reaches_the_component_it_uses() -> None:
    schemas = {**COMMON, "x_thing": {"type": "object", "properties": {"n": {"type": "string"}}}}
    doc = make_doc(
        {"/a": {"get": {"responses": envelope({"$ref": "#/components/schemas/x_thing"})}}}, schemas
    )
    overlay = parse_overlay(
        {
            "patch": [
                {
                    "reason": "n is an integer (pointer through allOf and a $ref)",
                    "target": "GET /a",
                    "pointer": "/responses/200/content/application~1json/schema/allOf/1/properties/result/properties/n/type",
                    "value": "integer",
                },
                {
                    "reason": "merge at a ref node edits the referenced schema",
                    "target": "GET /a",
                    "pointer": "/responses/200/content/application~1json/schema/allOf/1/properties/result",
                    "op": "merge",
                    "value": {"description": "a thing"},
                },
            ]
        },
        "t",
    )
    out = overlay.apply(doc)
    thing = out["components"]["schemas"]["x_thing"]
    assert thing["properties"]["n"]["type"] == "integer"
    assert thing["description"] == "a thing"
    assert out["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
        "allOf"
    ][1]["properties"]["result"] == {"$ref": "#/components/schemas/x_thing"}


@pytest.mark.parametrize(
    "keys",
    [
        {"at": ["properties", "renamed", "type"]},
        {"pointer": "/properties/renamed/type"},
        {"at": ["nothing", "here"]},
    ],
)
def test_set_never_creates_a_missing_parent(keys: dict[str, Any]) -> None:
    overlay = parse_overlay(
        {
            "patch": [
                {
                    "reason": "a property Cloudflare has since renamed",
                    "target": "#/components/schemas/x_api-response-common",
                    "value": "integer",
                    **keys,
                }
            ]
        },
        "t",
    )
    with pytest.raises(OverlayError, match="does not exist"):
        overlay.apply(make_doc({}, COMMON))


def test_at_and_pointer_are_exclusive() -> None:
    with pytest.raises(OverlayError, match="at most one of at/pointer"):
        parse_overlay(
            {
                "patch": [
                    {
                        "reason": "both given",
                        "target": "#",
                        "at": ["a"],
                        "pointer": "/a",
                        "value": 1,
                    }
                ]
            },
            "t",
        )


def test_committed_overlays_key_patches_by_operation_where_possible() -> None:
    # Only patches that add new components may name a component (there is no operation yet).
    for path in OVERLAY_FILES:
        for patch in tomllib.loads(path.read_text(encoding="utf-8")).get("patch", []):
            target = patch["target"]
            assert not target.startswith("#/components/schemas/"), (path.name, target)


def test_a_patch_of_a_ref_itself_edits_the_reference_not_its_target() -> None:
    schemas = {
        **COMMON,
        "x_single": {"type": "object", "properties": {"result": {"type": "object"}}},
    }
    doc = make_doc(
        {
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"allOf": [{"$ref": "#/components/schemas/x_single"}]}
                                }
                            }
                        }
                    }
                }
            }
        },
        schemas,
    )
    overlay = parse_overlay(
        {
            "patch": [
                {
                    "reason": "use the common envelope instead of the single one",
                    "target": "GET /a",
                    "at": [
                        "responses",
                        "200",
                        "content",
                        "application/json",
                        "schema",
                        "allOf",
                        "0",
                        "$ref",
                    ],
                    "value": "#/components/schemas/x_api-response-common",
                }
            ]
        },
        "t",
    )
    out = overlay.apply(doc)
    schema = out["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["allOf"][0] == {"$ref": "#/components/schemas/x_api-response-common"}
    assert out["components"]["schemas"]["x_single"] == schemas["x_single"]


# -- additions: operations and schemas the vendored spec lacks --------------------------------

_ADDED_OP = {
    "summary": "Get a thing",
    "parameters": [{"in": "path", "name": "thing", "required": True, "schema": {"type": "string"}}],
    "responses": envelope({"$ref": "#/components/schemas/added_thing"}),
}
_ADDED_SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}}}


def _addition_overlay(**changes: Any) -> dict[str, Any]:
    addition = {
        "reason": "added later than the vendored spec",
        "source": "https://developers.cloudflare.com/api/ (test)",
        "method": "GET",
        "path": "/accounts/{account_id}/things/{thing}",
        "operation_json": json.dumps(_ADDED_OP),
        **changes,
    }
    schema = {
        "reason": "the added operation's result",
        "source": "https://developers.cloudflare.com/api/ (test)",
        "name": "added_thing",
        "schema_json": json.dumps(_ADDED_SCHEMA),
    }
    return {
        "addition": [addition],
        "schema": [schema],
        "operation": [
            {
                "reason": "curated",
                "method": "GET",
                "path": "/accounts/{account_id}/things/{thing}",
                "resource": "things",
                "name": "get",
                "deprecated": "use ``things.fetch`` instead",
            }
        ],
    }


def test_an_addition_generates_like_a_spec_operation() -> None:
    overlay = parse_overlay(_addition_overlay(), "t")
    doc = overlay.apply(make_doc({}, COMMON))
    assert doc["paths"]["/accounts/{account_id}/things/{thing}"]["get"]["summary"] == "Get a thing"
    assert doc["components"]["schemas"]["added_thing"] == _ADDED_SCHEMA
    (op,), _ = build_operations(doc, "test", overlay, Report())
    assert (op.resource, op.name, op.result.annotation) == ("things", "get", "Thing")


def test_an_addition_the_spec_now_has_is_superseded_loudly() -> None:
    overlay = parse_overlay(_addition_overlay(), "t")
    path = "/accounts/{account_id}/things/{thing}"
    with pytest.raises(OverlayError, match=r"\[\[addition\]\] GET .* now defined by the spec"):
        overlay.apply(make_doc({path: {"get": _ADDED_OP}}, {**COMMON, "x": {}}))
    newer = make_doc({path: {"get": _ADDED_OP}}, {**COMMON, "added_thing": _ADDED_SCHEMA})
    with pytest.raises(OverlayError, match="now defined by the spec; delete the entry"):
        overlay.apply(newer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": " "}, "source"),
        ({"operation_json": "{not json"}, "not valid JSON"),
        ({"operation_json": "[]"}, "JSON object"),
        ({"operation_json": json.dumps({"summary": "x"})}, "responses"),
        ({"method": "FETCH"}, "bad method"),
        ({"extra": 1}, "needs exactly"),
    ],
)
def test_a_malformed_addition_is_rejected(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        parse_overlay(_addition_overlay(**changes), "t")


def test_an_addition_referring_to_an_unknown_schema_is_rejected() -> None:
    data = _addition_overlay()
    del data["schema"]
    with pytest.raises(OverlayError, match="resolves to nothing"):
        parse_overlay(data, "t").apply(make_doc({}, COMMON))


def test_a_deprecated_operation_says_so_in_its_docstring() -> None:
    from cloudflarefs_codegen.render import Provenance, render_client

    overlay = parse_overlay(_addition_overlay(), "t")
    ops, types = build_operations(overlay.apply(make_doc({}, COMMON)), "kv", overlay, Report())
    text = render_client(BY_NAME["kv"], ops, types, Provenance("s", "0", "0"), is_async=False)
    assert ".. deprecated:: use ``things.fetch`` instead" in text
