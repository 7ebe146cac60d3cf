"""tools/new-package creates a package that follows the layout rules and builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from check_wheels import layout_problems
from new_package import NewPackageError, create, validate
from workspace_packages import ROOT, load_package

SCRIPT = ROOT / "tools" / "new-package"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A minimal copy of the workspace layout: root pyproject and the core package."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "packages" / "cloudflarefs-core",
        tmp_path / "packages" / "cloudflarefs-core",
        ignore=shutil.ignore_patterns("__pycache__", "tests"),
    )
    return tmp_path


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
    )


def test_runtime_package_layout(workspace: Path) -> None:
    result = run_script("durable-objects", "runtime", "--root", str(workspace))
    assert result.returncode == 0, result.stderr
    target = workspace / "packages" / "cloudflarefs-durable-objects-runtime"
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "src/cloudflarefs/durable_objects/runtime/__init__.py",
        "src/cloudflarefs/durable_objects/runtime/_version.py",
        "src/cloudflarefs/durable_objects/runtime/py.typed",
        "tests/test_import.py",
    ]
    project = tomllib.loads((target / "pyproject.toml").read_text())
    assert project["project"]["name"] == "cloudflarefs-durable-objects-runtime"
    assert project["project"]["dependencies"] == ["cloudflarefs-core"]
    assert project["tool"]["uv"]["sources"] == {"cloudflarefs-core": {"workspace": True}}
    package = load_package(target)
    assert (package.leaf_module, package.version) == (
        "cloudflarefs.durable_objects.runtime",
        "0.1.0",
    )


def test_management_package_dependencies(workspace: Path) -> None:
    target = create("kv", "management", workspace)
    project = tomllib.loads((target / "pyproject.toml").read_text())
    deps = project["project"]["dependencies"]
    assert deps[0] == "cloudflarefs-core[http]"
    assert {d.split(">")[0] for d in deps[1:]} == {"attrs", "cattrs"}
    assert not any(d.startswith("httpx") for d in deps)


def test_generated_code_is_lint_clean(workspace: Path) -> None:
    for layer in ("runtime", "management", "testing"):
        create("rate-limit", layer, workspace)
    ruff = [sys.executable, "-m", "ruff"]
    packages = str(workspace / "packages")
    config = ["--config", str(ROOT / "pyproject.toml")]
    assert subprocess.run([*ruff, "check", *config, packages], check=False).returncode == 0
    assert (
        subprocess.run([*ruff, "format", "--check", *config, packages], check=False).returncode == 0
    )


def test_generated_tests_pass(workspace: Path) -> None:
    target = create("sample-svc", "runtime", workspace)
    env_path = f"{target / 'src'}:{workspace / 'packages' / 'cloudflarefs-core' / 'src'}"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
        capture_output=True,
        text=True,
        check=False,
        cwd=workspace,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": env_path},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_builds_with_uv_and_passes_the_wheel_check(workspace: Path, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is required to build packages (it is installed by .ci/run)")
    target = create("kv", "runtime", workspace)
    out = tmp_path / "out"
    result = subprocess.run(
        [uv, "build", "--quiet", "--out-dir", str(out), str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=workspace,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("cloudflarefs_kv_runtime-0.1.0-*.whl")
    assert list(out.glob("cloudflarefs_kv_runtime-0.1.0.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        assert layout_problems(archive.namelist(), "cloudflarefs.kv.runtime") == []


@pytest.mark.parametrize(
    ("service", "layer", "message"),
    [
        ("kv", "plugin", "layer must be one of"),
        ("KV", "runtime", "lower-case words"),
        ("durable_objects", "runtime", "lower-case words"),
        ("-kv", "runtime", "lower-case words"),
        ("core", "runtime", "reserved"),
        ("import", "runtime", "keyword"),
    ],
)
def test_bad_arguments_are_refused_before_writing(service: str, layer: str, message: str) -> None:
    with pytest.raises(NewPackageError, match=message):
        validate(service, layer)


def test_existing_package_is_not_overwritten(workspace: Path) -> None:
    create("kv", "runtime", workspace)
    readme = workspace / "packages" / "cloudflarefs-kv-runtime" / "README.md"
    readme.write_text("edited")
    result = run_script("kv", "runtime", "--root", str(workspace))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert readme.read_text() == "edited"
