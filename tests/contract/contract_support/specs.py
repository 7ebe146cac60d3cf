"""The vendored per-service spec slices: what Prism serves and what coverage is measured against.

Prism serves the slice *with its overlay applied* (the same document the generator reads), so
the contract is the one our generated code was built from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudflarefs_codegen.overlay import load_overlay
from cloudflarefs_codegen.spec import HTTP_METHODS

__all__ = ["SPECS_DIR", "Operation", "OperationIndex", "load_service_spec"]

SPECS_DIR = Path(__file__).resolve().parents[3] / "tools" / "cloudflarefs-codegen" / "specs"


@dataclass(frozen=True, order=True)
class Operation:
    """One spec operation, keyed as the overlays key them: upper-case method + path template."""

    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def load_service_spec(service: str, specs_dir: Path = SPECS_DIR) -> dict[str, Any]:
    """``specs/<service>.json`` with ``specs/overlays/<service>.toml`` applied."""
    doc: dict[str, Any] = json.loads((specs_dir / f"{service}.json").read_text())
    return load_overlay(specs_dir / "overlays" / f"{service}.toml").apply(doc)


_PARAM = re.compile(r"\{[^/{}]+\}")


class OperationIndex:
    """Maps a concrete request (method, raw URL path) back to the spec operation it calls."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.operations: frozenset[Operation] = frozenset(
            Operation(method.upper(), path)
            for path, item in doc.get("paths", {}).items()
            for method in item
            if method in HTTP_METHODS
        )
        # Most literal segments first, so /ns/{id}/bulk wins over /ns/{id}/{key}.
        self._patterns = sorted(
            ((self._compile(op.path), op) for op in self.operations),
            key=lambda pair: (-len(_PARAM.sub("", pair[1].path)), pair[1]),
        )

    @staticmethod
    def _compile(template: str) -> re.Pattern[str]:
        parts = _PARAM.split(template)
        return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")

    def match(self, method: str, raw_path: str) -> Operation | None:
        """The operation for a request path (percent-encoded, without the query string)."""
        method = method.upper()
        for pattern, op in self._patterns:
            if op.method == method and pattern.match(raw_path):
                return op
        return None
