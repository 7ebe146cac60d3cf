"""The PostgreSQL fixture's own error and cleanup paths (the helpers come from conftest)."""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest


def _executable(path: Path, script: str) -> Path:
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _pg_folders() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "cloudflarefs-pg-*")))


def test_runuser_is_found_on_path_then_in_sbin_fallbacks(
    cluster_tools: SimpleNamespace, tmp_path: Path
) -> None:
    on_path = _executable(tmp_path / "runuser", "exit 0\n")
    assert cluster_tools.find_runuser(path=str(tmp_path), fallbacks=()) == str(on_path)
    fallback = _executable(tmp_path / "sbin-runuser", "exit 0\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cluster_tools.find_runuser(path=str(empty), fallbacks=[str(fallback)]) == str(fallback)


def test_a_missing_runuser_fails_with_a_clear_message(
    cluster_tools: SimpleNamespace, tmp_path: Path
) -> None:
    with pytest.raises(cluster_tools.ClusterError, match=r"`runuser` \(util-linux\) was not found"):
        cluster_tools.find_runuser(path=str(tmp_path), fallbacks=[str(tmp_path / "nope")])


def test_a_failing_setup_leaves_no_temp_folder(
    cluster_tools: SimpleNamespace, tmp_path: Path
) -> None:
    _executable(tmp_path / "initdb", "echo 'initdb: cannot run here' >&2\nexit 3\n")
    before = _pg_folders()
    with (
        pytest.raises(
            cluster_tools.ClusterError,
            match="initdb failed with exit code 3: initdb: cannot run here",
        ),
        cluster_tools.pg_cluster(tmp_path),
    ):
        raise AssertionError("the cluster must not start")
    assert _pg_folders() == before


def test_a_missing_binary_leaves_no_temp_folder(
    cluster_tools: SimpleNamespace, tmp_path: Path
) -> None:
    before = _pg_folders()
    with (
        pytest.raises(FileNotFoundError),
        cluster_tools.pg_cluster(tmp_path / "no-such-bindir"),
    ):
        raise AssertionError("the cluster must not start")
    assert _pg_folders() == before
