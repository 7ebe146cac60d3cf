"""Release tags map to exactly one package, at the version its _version.py declares."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tag_to_package import TagError, parse_tag, resolve
from workspace_packages import ROOT, Package, load_packages


def make_package(tmp_path: Path, name: str, version: str) -> Package:
    version_file = tmp_path / name / "_version.py"
    version_file.parent.mkdir(parents=True)
    version_file.write_text(f'__version__ = "{version}"\n')
    return Package(name, tmp_path / name, version_file, "cloudflarefs.x.y")


@pytest.mark.parametrize(
    ("tag", "dist", "version"),
    [
        ("cloudflarefs-kv-management-v0.2.0", "cloudflarefs-kv-management", "0.2.0"),
        ("refs/tags/cloudflarefs-core-v1.10.3", "cloudflarefs-core", "1.10.3"),
        ("cloudflarefs-d1-runtime-v0.3.0rc1", "cloudflarefs-d1-runtime", "0.3.0rc1"),
        ("cloudflarefs-v2-management-v2.0.0.post1", "cloudflarefs-v2-management", "2.0.0.post1"),
    ],
)
def test_parse_tag(tag: str, dist: str, version: str) -> None:
    assert parse_tag(tag) == (dist, version)


@pytest.mark.parametrize(
    "tag",
    [
        "cloudflarefs-kv-management",
        "v0.2.0",
        "cloudflarefs-kv-management-0.2.0",
        "Cloudflarefs-v1",
        "x-v1.2.3-beta",
    ],
)
def test_malformed_tags_are_refused(tag: str) -> None:
    with pytest.raises(TagError, match="not of the form"):
        parse_tag(tag)


def test_resolve_checks_the_version(tmp_path: Path) -> None:
    packages = [make_package(tmp_path, "cloudflarefs-kv-management", "0.2.0")]
    release = resolve("cloudflarefs-kv-management-v0.2.0", packages)
    assert (release.dist, release.version) == ("cloudflarefs-kv-management", "0.2.0")
    with pytest.raises(TagError, match=r"says version 0\.3\.0 but .* declares 0\.2\.0"):
        resolve("cloudflarefs-kv-management-v0.3.0", packages)


def test_resolve_refuses_unknown_packages(tmp_path: Path) -> None:
    packages = [make_package(tmp_path, "cloudflarefs-kv-management", "0.2.0")]
    with pytest.raises(TagError, match="not a package"):
        resolve("cloudflarefs-nope-runtime-v0.2.0", packages)


def test_cli_against_the_real_workspace() -> None:
    core = next(p for p in load_packages(ROOT) if p.name == "cloudflarefs-core")
    script = ROOT / "tools" / "ci" / "tag_to_package.py"
    ok = subprocess.run(
        [sys.executable, str(script), f"cloudflarefs-core-v{core.version}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [
        "dist=cloudflarefs-core",
        f"version={core.version}",
        "directory=packages/cloudflarefs-core",
    ]
    wrong = subprocess.run(
        [sys.executable, str(script), "cloudflarefs-core-v999.0.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1
    assert "declares" in wrong.stderr
