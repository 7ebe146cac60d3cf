"""Shared fixtures: the generator over small inline documents, and the full vendored spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cloudflarefs_codegen.generate import DEFAULT_SPEC
from cloudflarefs_codegen.model import Operation, build_operations
from cloudflarefs_codegen.overlay import Overlay, parse_overlay
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.spec import sha256_file
from cloudflarefs_codegen.typegen import TypeBuilder

Build = Any


@pytest.fixture
def build() -> Build:
    """Run the operation builder over a small document (with an optional overlay)."""

    def run(
        doc: dict[str, Any], overlay: dict[str, Any] | None = None
    ) -> tuple[list[Operation], TypeBuilder, Report]:
        report = Report()
        ov = parse_overlay(overlay, "test") if overlay else Overlay(source="test")
        ops, types = build_operations(ov.apply(doc), "test", ov, report)
        return ops, types, report

    return run


@pytest.fixture(scope="session")
def full_spec() -> Path:
    """The whole vendored spec (``specs/full/``, named by SOURCE.json; never read from ../shared).

    Checked against SOURCE.json, so it is the very file the slices were cut from.
    """
    source = json.loads((DEFAULT_SPEC.parent.parent / "SOURCE.json").read_text())
    assert sha256_file(DEFAULT_SPEC) == source["sha256"], (
        "vendored full spec differs from SOURCE.json"
    )
    return DEFAULT_SPEC
