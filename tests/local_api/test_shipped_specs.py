"""The spec slices shipped in cloudflarefs-testing are the generator's slices with overlays applied.

The local API validates requests with package data (an installed package has no checkout);
this keeps that data in step with ``tools/cloudflarefs-codegen/specs``. When it fails, run
``tools/refresh-local-api-specs`` and commit the result.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cloudflarefs_codegen.overlay import load_overlay

from cloudflarefs.testing.local_api._spec import SERVICES, load_spec

SPECS = Path(__file__).resolve().parents[2] / "tools" / "cloudflarefs-codegen" / "specs"


@pytest.mark.parametrize("service", SERVICES)
def test_shipped_slice_matches_the_generator_input(service: str) -> None:
    doc = json.loads((SPECS / f"{service}.json").read_text())
    expected = load_overlay(SPECS / "overlays" / f"{service}.toml").apply(doc)
    assert load_spec(service) == expected, "stale: run tools/refresh-local-api-specs"
