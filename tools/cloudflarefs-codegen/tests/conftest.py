"""Shared fixtures: run the generator over small inline documents."""

from __future__ import annotations

from typing import Any

import pytest
from cloudflarefs_codegen.model import Operation, build_operations
from cloudflarefs_codegen.overlay import Overlay, parse_overlay
from cloudflarefs_codegen.report import Report
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
