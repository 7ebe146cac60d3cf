"""``cloudflarefs deploy``'s upload, checked against the Workers spec through Prism.

The plan is made locally (ids given, so no resource is created) and executed against Prism:
the one request is the multipart script upload, which must conform to the spec (any
``sl-violations`` fails the test), modules, bindings, compatibility settings and tags included.
"""

from __future__ import annotations

import email.policy
import json
import shutil
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from contract_support.environment import ContractEnvironment
from contract_support.specs import load_service_spec

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.bundle import build_bundle
from cloudflarefs.cli.deploy import Plan, execute
from cloudflarefs.cli.durable_objects import migrations_to_upload
from cloudflarefs.cli.project import load_project

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
IDS = {
    "COUNTS": "0f2ac74b498b48028cb68387c421e279",
    "LINKS": "0f2ac74b498b48028cb68387c421e279",
    "DB": "00000000-0000-0000-0000-000000000000",
}


@pytest.mark.parametrize("sample", ["kv-d1-worker", "url-shortener", "file-server"])
def test_deploy_upload_conforms_to_the_spec(
    contract: ContractEnvironment, tmp_path: Path, sample: str
) -> None:
    project_dir = tmp_path / sample
    shutil.copytree(SAMPLES / sample, project_dir)
    vendored = project_dir / "python_modules" / "tinylib"
    vendored.mkdir(parents=True)
    (vendored / "__init__.py").write_text("VALUE = 1\n")
    project = load_project(project_dir)
    bundle = build_bundle(project)
    assert "python_modules/tinylib/__init__.py" in [m.name for m in bundle.modules]
    ids = {b.binding: IDS[b.binding] for b in project.bindings if b.binding in IDS}
    plan = Plan(project, bundle, ids, [], [], None)
    said: list[str] = []
    before = len(contract.recorder.violations)
    with Account(**contract.http_kwargs("workers", "sync")) as account:
        execute(plan, account, said.append)
    assert contract.recorder.violations[before:] == []
    assert any(line.startswith("uploaded worker") for line in said)


class _Capture(httpx.BaseTransport):
    """Keeps each request's body, then hands it to the recording transport (Prism)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _metadata_part(request: httpx.Request) -> dict[str, Any]:
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "metadata":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return json.loads(payload)
    raise AssertionError("no metadata part")


def _check_metadata(metadata: dict[str, Any]) -> None:
    """The metadata part against the Workers spec (Prism reads multipart parts as strings, see
    contract_support/prism_compat.py, so this is checked here with jsonschema).

    The spec's ``migrations`` is ``oneOf [single-step, stepped]``, and both alternatives have
    only optional properties, so every object matches both and ``oneOf`` can never hold. An
    upload with ``steps`` is the stepped form: it is checked against that alternative alone,
    each step with no fields beyond the spec's plus ``new_sqlite_classes`` (newer than the
    vendored slice; in Cloudflare's current docs).
    """
    spec = load_service_spec("workers")  # the slice with its overlay, as Prism serves it
    components = spec["components"]
    body = components["requestBodies"]["workers_script_upload"]["content"]["multipart/form-data"]
    schema = body["schema"]["oneOf"][0]["properties"]["metadata"]
    rest = {k: v for k, v in metadata.items() if k != "migrations"}
    jsonschema.validate(rest, {"allOf": [schema], "components": components})
    migrations = metadata["migrations"]
    stepped = {"$ref": "#/components/schemas/workers_stepped_migrations"}
    jsonschema.validate(migrations, {"allOf": [stepped], "components": components})
    known = {*components["schemas"]["workers_migration_step"]["properties"], "new_sqlite_classes"}
    for step in migrations["steps"]:
        assert set(step) <= known, step
        assert all(isinstance(c, str) for c in step.get("new_sqlite_classes", [])), step


@pytest.mark.parametrize(
    ("sample", "deployed_tag"), [("chat", None), ("task-queue", None), ("chat", "v0")]
)
def test_durable_object_upload_conforms_to_the_spec(
    contract: ContractEnvironment, tmp_path: Path, sample: str, deployed_tag: str | None
) -> None:
    """``durable_object_namespace`` bindings and the ``migrations`` field (stepped, with and
    without ``old_tag``), sent to Prism and checked against the spec."""
    project_dir = tmp_path / sample
    shutil.copytree(SAMPLES / sample, project_dir)
    project = load_project(project_dir)
    migrations, _ = migrations_to_upload(project.migrations, deployed_tag)
    assert migrations is not None
    plan = Plan(project, build_bundle(project), {}, [], [], None, migrations=migrations)
    said: list[str] = []
    before = len(contract.recorder.violations)
    kwargs = contract.http_kwargs("workers", "sync")
    capture = _Capture(kwargs.pop("transport"))
    with Account(**kwargs, transport=capture) as account:
        execute(plan, account, said.append)
    assert contract.recorder.violations[before:] == []
    assert any("Durable Object migrations" in line for line in said), said
    [upload] = capture.requests
    metadata = _metadata_part(upload)
    _check_metadata(metadata)
    do = next(b for b in project.bindings if b.kind == "durable_object")
    assert {"type": "durable_object_namespace", "name": do.binding, "class_name": do.target} in (
        metadata["bindings"]
    )
    expected = {"new_tag": "v1", "steps": [{"new_sqlite_classes": [do.target]}]}
    if deployed_tag:
        expected["old_tag"] = deployed_tag
    assert metadata["migrations"] == expected


def test_the_metadata_check_catches_a_malformed_migration() -> None:
    good: dict[str, Any] = {
        "main_module": "entry.py",
        "migrations": {"new_tag": "v1", "steps": [{}]},
    }
    _check_metadata(good)
    bads: list[dict[str, Any]] = [
        {"new_tag": 1, "steps": []},
        {"new_tag": "v1", "steps": [{"new_classes": "A"}]},
        {"new_tag": "v1", "steps": [{"new_klasses": ["A"]}]},
    ]
    for bad in bads:
        with pytest.raises((jsonschema.ValidationError, AssertionError)):
            _check_metadata({**good, "migrations": bad})
