"""Structuring the spec's own ``example`` values into the generated types.

Used by the test suite: every example of a reachable schema must structure into the type the
generator chose for it, or be listed with the precise reason it cannot.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass
from typing import Any, Literal

from cloudflarefs_codegen.generate import SPECS_DIR, load_service_doc
from cloudflarefs_codegen.model import build_operations
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.services import Service

__all__ = ["ExampleResult", "check_examples"]


@dataclass(frozen=True)
class ExampleResult:
    """One example value and what happened when it was structured."""

    service: str
    site: str
    type_expr: str
    ok: bool
    error: str = ""


def check_examples(service: Service) -> list[ExampleResult]:
    """Structure every example of ``service``'s spec slice into its generated type."""
    from cloudflarefs.core.converter import structure
    from cloudflarefs.core.errors import ResponseDecodeError

    doc, overlay, _ = load_service_doc(service, SPECS_DIR)
    _, types = build_operations(doc, service.name, overlay, Report())
    models = importlib.import_module(f"{service.module}._generated.models")
    namespace: dict[str, Any] = {"Any": Any, "Literal": Literal, "datetime": datetime}
    namespace.update(vars(models))
    # Models are built on first access (module ``__getattr__``), not found in ``vars``.
    namespace.update({name: getattr(models, name) for name in models.__all__})
    results: list[ExampleResult] = []
    for site, (expr, _direction, values) in sorted(types.schema_index.items()):
        tp = eval(expr, namespace)  # the expression is generator output naming models' classes
        for value in values:
            try:
                structure(value, tp)
            except ResponseDecodeError as exc:
                detail = "; ".join(exc.details) if exc.details else str(exc)
                results.append(ExampleResult(service.name, site, expr, False, detail))
            else:
                results.append(ExampleResult(service.name, site, expr, True))
    return results
