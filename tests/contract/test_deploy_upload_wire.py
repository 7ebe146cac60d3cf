"""``cloudflarefs deploy``'s upload, checked against the Workers spec through Prism.

The plan is made locally (ids given, so no resource is created) and executed against Prism:
the one request is the multipart script upload, which must conform to the spec (any
``sl-violations`` fails the test), modules, bindings, compatibility settings and tags included.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from contract_support.environment import ContractEnvironment

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.bundle import build_bundle
from cloudflarefs.cli.deploy import Plan, execute
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
