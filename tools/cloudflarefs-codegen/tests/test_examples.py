"""Every example value in the spec slices structures into the generated type for its schema."""

from __future__ import annotations

import pytest
from cloudflarefs_codegen.examples import check_examples
from cloudflarefs_codegen.services import SERVICES


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_examples_structure_into_generated_models(service: object) -> None:
    results = check_examples(service)  # type: ignore[arg-type]
    failures = [f"{r.site} -> {r.type_expr}: {r.error}" for r in results if not r.ok]
    assert failures == [], "\n".join(failures)


def test_examples_are_actually_checked() -> None:
    total = sum(len(check_examples(s)) for s in SERVICES)
    # 426 example values across the 12 slices at the time of writing; a collapse means the
    # index stopped recording them.
    assert total > 400
