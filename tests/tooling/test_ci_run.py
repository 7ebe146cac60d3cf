"""Behaviour of .ci/run's functions, sourced into bash in a scratch copy of the tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A tree holding .ci/run and the helpers it calls, with a README written by each test."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    shutil.copytree(ROOT / "tools" / "ci", tmp_path / "tools" / "ci")
    return tmp_path


def bash(tree: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-c", f"source .ci/run\n{script}"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": path, "HOME": str(tree), **env},
    )


def readme(tree: Path, command: str) -> None:
    (tree / "README.md").write_text(f"<!-- test-command -->\n```sh\nuv sync\n{command}\n```\n")


def test_readme_command_is_what_runs(tree: Path) -> None:
    readme(tree, "echo ran-the-readme-command")
    result = bash(tree, "run_readme_tests")
    assert result.returncode == 0, result.stderr
    assert "ran-the-readme-command" in result.stdout


def test_no_tests_collected_is_a_failure(tree: Path) -> None:
    readme(tree, f"{sys.executable} -c 'import sys; sys.exit(5)'")
    result = bash(tree, "run_readme_tests")
    assert result.returncode == 5
    assert "collected no tests" in result.stderr


def test_failures_are_summarised_and_fail_the_run(tree: Path) -> None:
    result = bash(
        tree, 'run_step first false; run_step second true; print_summary; [ "$FAILED" -eq 1 ]'
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" in result.stdout and "first (exit 1)" in result.stdout
    assert "ok" in result.stdout and "second" in result.stdout
    assert "1 check(s) failed." in result.stdout


def test_postgres_is_only_wanted_when_asked(tree: Path) -> None:
    assert bash(tree, "needs_postgres").returncode == 1
    assert bash(tree, "needs_postgres", CLOUDFLAREFS_NEEDS_POSTGRES="1").returncode == 0
    (tree / ".ci" / "CLOUDFLAREFS_NEEDS_POSTGRES").touch()
    assert bash(tree, "needs_postgres").returncode == 0


def test_ensure_postgres_does_not_install_when_present(tree: Path) -> None:
    fake_bin = tree / "fake-bin"
    fake_bin.mkdir()
    calls = tree / "apt-calls"
    for name, body in {
        "pg_ctl": "exit 0",
        "initdb": "exit 0",
        "pgbouncer": "exit 0",
        "apt-get": f'echo "$@" >> {calls}',
    }.items():
        (fake_bin / name).write_text(f"#!/bin/sh\n{body}\n")
        (fake_bin / name).chmod(0o755)
    path = f"{fake_bin}:{os.environ['PATH']}"
    result = bash(
        tree, f'export PATH="{path}"; ensure_postgres; ensure_postgres; command -v pg_ctl'
    )
    assert result.returncode == 0, result.stderr
    assert not calls.exists()


def test_node_is_required(tree: Path) -> None:
    empty = tree / "no-node"
    empty.mkdir()
    for tool in ("bash", "dirname", "python3"):
        found = shutil.which(tool)
        assert found is not None
        (empty / tool).symlink_to(found)
    result = bash(tree, f'export PATH="{empty}"; require_node')
    assert result.returncode == 1
    assert "node (>= 20) is required" in result.stderr


def test_import_contracts_that_analyse_nothing_fail(tree: Path) -> None:
    fake_bin = tree / "fake-bin"
    fake_bin.mkdir()
    (fake_bin / "uv").write_text("#!/bin/sh\necho 'Analyzed 0 files, 0 dependencies.'\n")
    (fake_bin / "uv").chmod(0o755)
    result = bash(tree, f'export PATH="{fake_bin}:$PATH"; run_import_contracts')
    assert result.returncode == 1
    assert "lint-imports analysed no files" in result.stderr
