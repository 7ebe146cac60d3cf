"""Specs other than the vendored one: dangling refs, path-item refs, renamed account parameters,
empty documents, shrinking slices. Each is reported or refused by name, never a crash or a
silent zero."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cloudflarefs_codegen.cli import main
from cloudflarefs_codegen.generate import SPECS_DIR, segment_into
from cloudflarefs_codegen.minispec import COMMON, envelope, make_doc
from cloudflarefs_codegen.services import BY_NAME
from cloudflarefs_codegen.spec import SpecError, load_json, segment

Build = Any


def _op(result: Any) -> dict[str, Any]:
    return {"get": {"operationId": "x", "responses": envelope(result)}}


def test_a_dangling_ref_falls_back_for_its_operation_only(build: Build) -> None:
    doc = make_doc(
        {
            "/broken": _op({"$ref": "#/components/schemas/gone"}),
            "/fine": _op({"type": "object", "properties": {"id": {"type": "string"}}}),
        },
        COMMON,
    )
    ops, _, report = build(doc)
    assert {op.path for op in ops} == {"/broken", "/fine"}
    broken = next(op for op in ops if op.path == "/broken")
    assert broken.result.type.startswith("Any")
    missing = [f for f in report.fallbacks if f.kind == "missing_ref"]
    assert [(f.operation, f.detail) for f in missing] == [
        ("GET /broken", "missing #/components/schemas/gone")
    ]


def test_a_dangling_ref_inside_a_component_is_reported_where_it_is(build: Build) -> None:
    schemas = {**COMMON, "thing": {"type": "object", "properties": {"x": {"$ref": "#/nope"}}}}
    doc = make_doc({"/t": _op({"$ref": "#/components/schemas/thing"})}, schemas)
    ops, _, report = build(doc)
    assert len(ops) == 1
    where = {f.operation for f in report.fallbacks if f.kind == "missing_ref"}
    assert where == {"GET /t", "#/components/schemas/thing"}


def test_a_path_item_ref_yields_its_operations(build: Build) -> None:
    doc = make_doc({"/alias": {"$ref": "#/x-items/shared"}}, COMMON)
    doc["x-items"] = {"shared": _op({"type": "string"})}
    ops, _, report = build(doc)
    assert [(op.method, op.path) for op in ops] == [("GET", "/alias")]
    assert [f.kind for f in report.fallbacks if f.operation == "/alias"] == ["path_item_ref"]


def test_a_missing_path_item_ref_is_reported_not_silently_empty(build: Build) -> None:
    doc = make_doc({"/alias": {"$ref": "#/x-items/absent"}, "/ok": _op({"type": "string"})}, COMMON)
    ops, _, report = build(doc)
    assert [op.path for op in ops] == ["/ok"]
    notes = [f.detail for f in report.fallbacks if f.operation == "/alias"]
    assert notes == ["missing #/x-items/absent (path item dropped)"]


# -- segmentation ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_doc(full_spec: Path) -> dict[str, Any]:
    return load_json(full_spec)


def _write(doc: dict[str, Any], path: Path) -> Path:
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    return path


def _committed(tmp_path: Path) -> Path:
    """A specs dir holding the committed slices and overlays (the comparison baseline)."""
    out = tmp_path / "specs"
    shutil.copytree(SPECS_DIR / "overlays", out / "overlays")
    for name in BY_NAME:
        shutil.copyfile(SPECS_DIR / f"{name}.json", out / f"{name}.json")
    return out


def _keys(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m, p) for p, item in doc["paths"].items() for m in item if m != "parameters"}


def _respell(doc: dict[str, Any], spelling: str) -> dict[str, Any]:
    text = json.dumps(doc).replace("{account_id}", "{" + spelling + "}")
    text = text.replace('"name": "account_id"', f'"name": "{spelling}"')
    return json.loads(text)


@pytest.mark.parametrize("spelling", ["account_identifier", "account-identifier"])
def test_older_account_parameter_spellings_segment_like_the_current_one(
    tmp_path: Path, full_doc: dict[str, Any], spelling: str
) -> None:
    spec = _write(_respell(full_doc, spelling), tmp_path / "old-2023-01-01.json.gz")
    out = _committed(tmp_path)
    segment_into(spec, out, date="2023-01-01")
    for name in BY_NAME:
        new, old = load_json(out / f"{name}.json"), load_json(SPECS_DIR / f"{name}.json")
        assert _keys(new) == _keys(old), name
    assert '"name": "' + spelling not in (out / "kv.json").read_text()


def test_an_unknown_account_spelling_fails_loudly_and_names_it(
    tmp_path: Path, full_doc: dict[str, Any]
) -> None:
    spec = _write(_respell(full_doc, "acct"), tmp_path / "odd.json.gz")
    out = _committed(tmp_path)
    before = (out / "kv.json").read_bytes()
    with pytest.raises(SpecError, match=r"kv: .*\{acct\}") as caught:
        segment_into(spec, out)
    assert "no operation matched" in str(caught.value) or "loses" in str(caught.value)
    assert (out / "kv.json").read_bytes() == before  # nothing written
    assert not (out / "SOURCE.json").exists()


def test_a_slice_that_loses_operations_fails_unless_allowed(
    tmp_path: Path, full_doc: dict[str, Any]
) -> None:
    doc = json.loads(json.dumps(full_doc))
    gone = "/accounts/{account_id}/storage/kv/namespaces/{namespace_id}/bulk"
    del doc["paths"][gone]
    spec = _write(doc, tmp_path / "newer.json.gz")
    out = _committed(tmp_path)
    with pytest.raises(SpecError, match=r"kv: loses 2 operation\(s\).*bulk.*not in the new spec"):
        segment_into(spec, out)
    segment_into(spec, out, allow_removed=True)
    assert gone not in load_json(out / "kv.json")["paths"]
    assert json.loads((out / "SOURCE.json").read_text())["operations"]["kv"] == 13


@pytest.mark.parametrize("doc", [{}, {"openapi": "3.0.3", "paths": {}}, {"paths": []}])
def test_an_empty_or_stub_spec_is_refused_with_exit_1(
    tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(doc, tmp_path / "stub.json.gz")
    with pytest.raises(SpecError, match="no paths"):
        segment_into(spec, tmp_path / "out")
    assert main(["segment", "--spec", str(spec)]) == 1
    assert "no paths" in capsys.readouterr().err


def test_segment_resolves_path_item_refs(full_doc: dict[str, Any]) -> None:
    doc = make_doc({}, {})
    path = "/accounts/{account_id}/storage/kv/namespaces"
    doc["paths"][path] = {"$ref": "#/x-items/ns"}
    doc["x-items"] = {"ns": full_doc["paths"][path]}
    doc["components"] = full_doc["components"]
    cut = segment(doc, BY_NAME["kv"])
    assert set(cut["paths"][path]) == set(full_doc["paths"][path])
