"""Harness scripts are installed per content, so two checkouts (or versions) sharing one
harness cache never overwrite each other's running harness.mjs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cloudflarefs.testing import install


def test_each_script_version_gets_its_own_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node_dir = tmp_path / "node-x"
    node_dir.mkdir()
    first = install._scripts_dir(node_dir)  # pyright: ignore[reportPrivateUsage]
    assert first.parent.parent == node_dir  # Node resolves node_modules two levels up
    for script in install.HARNESS_DIR.glob("*.mjs"):
        assert (first / script.name).read_bytes() == script.read_bytes()
    assert install._scripts_dir(node_dir) == first  # pyright: ignore[reportPrivateUsage]

    other = tmp_path / "other-checkout"
    other.mkdir()
    for script in install.HARNESS_DIR.glob("*.mjs"):
        shutil.copyfile(script, other / script.name)
    (other / "harness.mjs").write_text("// another version\n")
    monkeypatch.setattr(install, "HARNESS_DIR", other)
    second = install._scripts_dir(node_dir)  # pyright: ignore[reportPrivateUsage]
    assert second != first
    assert (second / "harness.mjs").read_text() == "// another version\n"
    monkeypatch.undo()
    assert (first / "harness.mjs").read_bytes() == (
        install.HARNESS_DIR / "harness.mjs"
    ).read_bytes()
    assert not list(node_dir.glob(".staging-*")), "no staging folder left behind"
