"""Tests of the contract infrastructure itself, against Prism serving a small KV slice.

They use their own recorder and a spec cut into a temp dir, so they neither count towards nor
depend on the real per-service coverage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from contract_support.coverage import coverage_report
from contract_support.environment import ACCOUNT_ID, DUMMY_TOKEN, ContractEnvironment
from contract_support.prism import ensure_prism
from contract_support.recording import (
    AsyncRecordingTransport,
    ContractRecorder,
    RecordingTransport,
    SpecViolation,
)
from contract_support.specs import SPECS_DIR, Operation, OperationIndex

from cloudflarefs.testing.errors import NodeNotFoundError

NAMESPACES = "/accounts/{account_id}/storage/kv/namespaces"
NAMESPACE = NAMESPACES + "/{namespace_id}"
VALUE = NAMESPACE + "/values/{key_name}"
BULK = NAMESPACE + "/bulk"
NS_ID = "0f2ac74b498b48028cb68387c421e279"


def _slice() -> dict[str, Any]:
    """Three KV paths of the vendored slice: enough for matching, violations and coverage."""
    doc: dict[str, Any] = json.loads((SPECS_DIR / "kv.json").read_text())
    doc["paths"] = {p: doc["paths"][p] for p in (NAMESPACES, NAMESPACE, BULK)}
    return doc


@pytest.fixture(scope="module")
def mini_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContractEnvironment]:
    specs = tmp_path_factory.mktemp("mini-specs")
    (specs / "mini.json").write_text(json.dumps(_slice()))
    env = ContractEnvironment(tmp_path_factory.mktemp("mini-prism"), specs_dir=specs)
    try:
        env.server("mini")
    except NodeNotFoundError as exc:  # only outside CI; CI must run these
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Prism needs Node.js + npm: {exc}")
    yield env
    env.stop()


def test_index_maps_concrete_paths_to_templates() -> None:
    index = OperationIndex(json.loads((SPECS_DIR / "kv.json").read_text()))
    base = f"/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NS_ID}"
    assert index.match("get", f"{base}/values/a%2Fb") == Operation("GET", VALUE)
    assert index.match("PUT", f"{base}/bulk") == Operation("PUT", BULK)
    assert index.match("DELETE", f"{base}/bulk") == Operation("DELETE", BULK)
    assert index.match("PATCH", f"{base}/bulk") is None
    assert index.match("GET", f"{base}/values/a/b") is None
    assert Operation("GET", NAMESPACES) in index.operations


def test_conforming_request_is_recorded(mini_env: ContractEnvironment) -> None:
    recorder = mini_env.recorder
    with httpx.Client(**_client_kwargs(mini_env, RecordingTransport(recorder, "mini"))) as http:
        body = http.get(f"/accounts/{ACCOUNT_ID}/storage/kv/namespaces").json()
    assert body["success"] is True
    assert Operation("GET", NAMESPACES) in recorder.exercised[("mini", "sync")]
    assert not recorder.exercised[("mini", "async")]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "expected"),
    [
        ("POST", "/storage/kv/namespaces", {"json": {}}, "required property 'title'"),
        ("GET", "/storage/kv/namespaces", {"params": {"page": 0}}, "page must be >= 1"),
        ("GET", "/storage/kv/namespaces", {"headers": {"Authorization": ""}}, "security"),
        ("GET", "/storage/kv/nowhere", {}, "match no operation"),
    ],
)
def test_violations_raise_and_are_recorded(
    mini_env: ContractEnvironment, method: str, path: str, kwargs: dict[str, Any], expected: str
) -> None:
    recorder = ContractRecorder(indexes=mini_env.recorder.indexes)
    with (
        httpx.Client(**_client_kwargs(mini_env, RecordingTransport(recorder, "mini"))) as http,
        pytest.raises(SpecViolation, match=expected),
    ):
        http.request(method, f"/accounts/{ACCOUNT_ID}{path}", **kwargs)
    assert len(recorder.violations) == 1
    assert not recorder.exercised[("mini", "sync")]


async def test_async_transport_records_and_rejects(mini_env: ContractEnvironment) -> None:
    recorder = ContractRecorder(indexes=mini_env.recorder.indexes)
    transport = AsyncRecordingTransport(recorder, "mini")
    async with httpx.AsyncClient(**_client_kwargs(mini_env, transport)) as http:
        ok = await http.get(f"/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NS_ID}")
        with pytest.raises(SpecViolation, match="title"):
            await http.put(f"/accounts/{ACCOUNT_ID}/storage/kv/namespaces/{NS_ID}", json={})
    assert ok.status_code == 200
    assert recorder.exercised[("mini", "async")] == {Operation("GET", NAMESPACE)}
    assert [v.method for v in recorder.violations] == ["PUT"]


def test_coverage_report_lists_missing_operations(tmp_path: Path) -> None:
    index = OperationIndex(_slice())
    recorder = ContractRecorder(indexes={"mini": index})
    recorder.exercised[("mini", "sync")] = set(index.operations)
    recorder.exercised[("mini", "async")] = {Operation("GET", NAMESPACES)}
    report = coverage_report(recorder, {"mini"})
    (mini,) = report.services
    assert mini.percent("sync") == 100.0
    assert Operation("POST", NAMESPACES) in mini.missing("async")
    assert report.incomplete_required == [mini]
    assert any("missing (async): POST" in line for line in report.lines())
    report.write_json(tmp_path / "cov.json")
    written = json.loads((tmp_path / "cov.json").read_text())
    assert written["complete"] is False
    assert written["services"]["mini"]["sync"]["missing"] == []

    recorder.exercised[("mini", "async")] = set(index.operations)
    assert coverage_report(recorder, {"mini"}).incomplete_required == []
    assert (
        coverage_report(ContractRecorder(indexes={"mini": index}), set()).services[0].required
        is False
    )


def test_install_is_reused_per_lockfile(mini_env: ContractEnvironment) -> None:
    first = ensure_prism()
    assert first == ensure_prism()
    assert first.exists()
    assert (first.parents[4] / ".cloudflarefs-installed").exists()


def _client_kwargs(env: ContractEnvironment, transport: Any) -> dict[str, Any]:
    return {
        "base_url": env.server("mini").base_url,
        "transport": transport,
        "headers": {"Authorization": f"Bearer {DUMMY_TOKEN}"},
    }


def test_prism_copy_relaxes_only_json_multipart_parts() -> None:
    from contract_support.prism_compat import for_prism

    media = {
        "schema": {"properties": {"metadata": {"type": "object"}, "main.js": {"type": "string"}}},
        "encoding": {"metadata": {"contentType": "application/json"}},
    }
    doc = {"paths": {"/s": {"put": {"requestBody": {"content": {"multipart/form-data": media}}}}}}
    served = for_prism(doc)
    props = served["paths"]["/s"]["put"]["requestBody"]["content"]["multipart/form-data"]["schema"][
        "properties"
    ]
    assert props["metadata"]["type"] == "string"
    assert props["main.js"] == {"type": "string"}
    assert media["schema"]["properties"]["metadata"] == {"type": "object"}, (
        "the real slice is untouched"
    )
