"""The whole vendored spec generates with zero crashes and a complete report.

Counts come from ``specs/SOURCE.json`` (written by ``segment``), so refreshing the spec is one
command and no test hard-codes one snapshot's numbers.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import attrs
from cloudflarefs_codegen.generate import SPECS_DIR, whole_spec
from cloudflarefs_codegen.report import FALLBACK_KINDS


def test_whole_spec_generates_every_operation(tmp_path: Path, full_spec: Path) -> None:
    report = whole_spec(full_spec, tmp_path)
    assert report.crashes == []
    data = json.loads((tmp_path / "report.json").read_text())
    recorded = json.loads((SPECS_DIR / "SOURCE.json").read_text())["operations"]
    total = recorded.pop("total")
    assert total > 0
    assert data["operations_total"] == total
    # the management services' share matches the checked segmentation, service by service
    managed = {k: v for k, v in data["operations"].items() if not k.startswith("other:")}
    assert managed == {k: v for k, v in recorded.items() if v}
    assert set(data["fallbacks_by_kind"]) <= set(FALLBACK_KINDS)
    assert data["fallbacks_by_kind"]["derived_name"] == total  # no overlay: every name is derived
    assert sum(data["fallbacks_by_kind"].values()) == len(data["fallbacks"])
    summary = (tmp_path / "report.txt").read_text()
    assert "crashes: 0" in summary and "untagged_union" in summary

    # Every model class of the pseudo-package builds and its annotations resolve.
    path = tmp_path / "whole" / "models.py"
    spec = importlib.util.spec_from_file_location("cfcodegen_whole_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        # Models are built on first access: look each exported name up.
        exported = [getattr(module, name) for name in module.__all__]
        classes = [v for v in exported if attrs.has(v) and v.__module__ == spec.name]
        for cls in classes:
            attrs.resolve_types(cls)
        assert len(classes) > 2000
    finally:
        del sys.modules[spec.name]
    for name in ("operations.py", "client.py", "aio.py"):
        compile((tmp_path / "whole" / name).read_text(), name, "exec")
