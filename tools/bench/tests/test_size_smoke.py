"""Smoke tests of the size benchmark's pure parts (no wheels are built here)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import size_bench


def test_every_management_distribution_is_measured() -> None:
    dists = size_bench.management_dists()
    assert "cloudflarefs-kv-management" in dists
    assert all(d.endswith("-management") for d in dists)
    assert len(dists) == len(list((size_bench.ROOT / "packages").glob("*-management")))


def test_wheel_figures_count_the_package_files_not_the_metadata(tmp_path: Path) -> None:
    wheel = tmp_path / "demo-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("cloudflarefs/demo/a.py", "x" * 100)
        zf.writestr("cloudflarefs/demo/py.typed", "")
        zf.writestr("demo-0.1.dist-info/METADATA", "y" * 1000)
    size, unzipped, modules = size_bench.wheel_figures(wheel)
    assert (unzipped, modules) == (100, 1)
    assert size == wheel.stat().st_size
