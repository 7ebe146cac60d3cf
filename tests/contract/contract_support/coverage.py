"""Operation coverage of the contract tests: spec operations vs operations exercised."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from contract_support.recording import ContractRecorder, Flavour
from contract_support.specs import Operation

__all__ = ["CoverageReport", "ServiceCoverage", "coverage_report"]

FLAVOURS: tuple[Flavour, ...] = get_args(Flavour)


@dataclass(frozen=True)
class ServiceCoverage:
    """One service: its spec operations and what each flavour (sync, async) exercised."""

    service: str
    required: bool
    operations: frozenset[Operation]
    exercised: dict[Flavour, frozenset[Operation]]

    def missing(self, flavour: Flavour) -> list[Operation]:
        """Spec operations the ``flavour`` client never called, sorted."""
        return sorted(self.operations - self.exercised[flavour])

    @property
    def complete(self) -> bool:
        """Whether both flavours called every operation."""
        return all(not self.missing(f) for f in FLAVOURS)

    def percent(self, flavour: Flavour) -> float:
        """Share of operations the flavour exercised, 0-100."""
        if not self.operations:
            return 100.0
        covered = len(self.operations & self.exercised[flavour])
        return 100.0 * covered / len(self.operations)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "required": self.required,
            "operations": len(self.operations),
            "complete": self.complete,
            **{
                flavour: {
                    "covered": len(self.operations & self.exercised[flavour]),
                    "percent": round(self.percent(flavour), 1),
                    "missing": [str(op) for op in self.missing(flavour)],
                }
                for flavour in FLAVOURS
            },
        }


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of every service that is required or was exercised."""

    services: tuple[ServiceCoverage, ...]

    @property
    def incomplete_required(self) -> list[ServiceCoverage]:
        """Required services that miss an operation in either flavour."""
        return [s for s in self.services if s.required and not s.complete]

    def lines(self) -> list[str]:
        """A fixed-width table for the terminal summary."""
        out = [f"{'service':<24}{'ops':>5}{'sync':>8}{'async':>8}  required"]
        for s in self.services:
            out.append(
                f"{s.service:<24}{len(s.operations):>5}{s.percent('sync'):>7.0f}%"
                f"{s.percent('async'):>7.0f}%  {'yes' if s.required else 'no'}"
            )
            for flavour in FLAVOURS:
                missing = s.missing(flavour)
                if missing and len(missing) == len(s.operations):
                    out.append(f"    missing ({flavour}): all {len(missing)} operations")
                else:
                    out.extend(f"    missing ({flavour}): {op}" for op in missing)
        return out

    def write_json(self, path: Path) -> None:
        """Write the report (one entry per service) as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "complete": not self.incomplete_required,
            "services": {s.service: s.to_json() for s in self.services},
        }
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def coverage_report(recorder: ContractRecorder, required: set[str]) -> CoverageReport:
    """Compare the recorder's exercised operations with each service's spec operations."""
    services: list[ServiceCoverage] = []
    for service in sorted(required | set(recorder.indexes)):
        operations = recorder.index(service).operations
        services.append(
            ServiceCoverage(
                service=service,
                required=service in required,
                operations=operations,
                exercised={
                    f: frozenset(recorder.exercised.get((service, f), set())) for f in FLAVOURS
                },
            )
        )
    return CoverageReport(tuple(services))
