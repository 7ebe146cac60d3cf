"""Orchestration: segment, generate, check, whole-spec."""

from __future__ import annotations

import difflib
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from cloudflarefs_codegen import unasync
from cloudflarefs_codegen.model import build_operations
from cloudflarefs_codegen.overlay import Overlay, OverlayError, load_overlay
from cloudflarefs_codegen.render import Provenance, render_service
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.scaffold import scaffold
from cloudflarefs_codegen.services import BY_NAME, SERVICES, Service
from cloudflarefs_codegen.spec import (
    SpecError,
    as_object,
    dump_json,
    iter_operations,
    load_json,
    normalize_account_parameter,
    segment,
    sha256_file,
    source_record,
)

__all__ = [
    "REPO_ROOT",
    "SPECS_DIR",
    "check",
    "generate_services",
    "run_segment",
    "whole_spec",
]

TOOL_DIR = Path(__file__).resolve().parents[2]
REPO_ROOT = TOOL_DIR.parents[1]
SPECS_DIR = TOOL_DIR / "specs"
OVERLAYS_DIR = SPECS_DIR / "overlays"


def _vendored_full_spec() -> Path:
    """The full spec the slices were cut from (named by SOURCE.json), vendored gzipped."""
    recorded = json.loads((SPECS_DIR / "SOURCE.json").read_text(encoding="utf-8"))
    return SPECS_DIR / "full" / f"{recorded['file']}.gz"


# Regenerating never needs ../shared: the full spec is vendored next to its slices.
DEFAULT_SPEC = _vendored_full_spec()


# -- segment ---------------------------------------------------------------------------------


def _spec_date(path: Path) -> str | None:
    match = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    return match.group(1) if match else None


def segment_into(
    spec_path: Path, out_dir: Path, *, date: str | None = None, allow_removed: bool = False
) -> list[Path]:
    """Write one slice per service, ``SOURCE.json`` and the spec's licence into ``out_dir``.

    Refuses (``SpecError``, nothing written) a spec without paths, a service that comes out
    empty, and a slice that loses operations the committed slice in ``out_dir`` has (unless
    ``allow_removed``): a refresh must never shrink a package silently.
    """
    doc = load_json(spec_path)
    if not as_object(doc.get("paths")):
        raise SpecError(f"{spec_path.name}: the spec has no paths (an empty or stub document)")
    normalize_account_parameter(doc)
    slices = {service: segment(doc, service) for service in SERVICES}
    problems: list[str] = []
    for service, cut in slices.items():
        ops = _operation_keys(cut)
        hint = _segmentation_hint(doc)
        if not ops and not _overlay_supplies_operations(service, cut):
            problems.append(f"{service.name}: no operation matched {list(service.patterns)}{hint}")
            continue
        committed = out_dir / f"{service.name}.json"
        if committed.exists() and not allow_removed:
            lost = sorted(_operation_keys(load_json(committed)) - ops, key=lambda k: (k[1], k[0]))
            if lost:
                shown = ", ".join(f"{m} {p}" for m, p in lost[:5])
                more = f" and {len(lost) - 5} more" if len(lost) > 5 else ""
                problems.append(
                    f"{service.name}: loses {len(lost)} operation(s) of the committed slice"
                    f" ({shown}{more}){_lost_hint(doc, lost)}{hint}"
                )
    if problems:
        raise SpecError(f"{spec_path.name}: refusing to segment:\n  " + "\n  ".join(problems))
    counts = {"total": len(_operation_keys(doc))}
    counts.update({s.name: len(_operation_keys(cut)) for s, cut in slices.items()})
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for service, cut in slices.items():
        target = out_dir / f"{service.name}.json"
        target.write_text(dump_json(cut), encoding="utf-8")
        written.append(target)
    record = source_record(spec_path, date=date or _spec_date(spec_path), counts=counts)
    (out_dir / "SOURCE.json").write_text(dump_json(record), encoding="utf-8")
    written.append(out_dir / "SOURCE.json")
    licence = next(iter(sorted(spec_path.parent.glob("LICENSE*"))), None)
    if licence is not None:
        shutil.copyfile(licence, out_dir / "LICENSE")
        written.append(out_dir / "LICENSE")
    return written


def _overlay_supplies_operations(service: Service, cut: dict[str, Any]) -> bool:
    """Whether the service's overlay adds operations the spec lacks (Analytics Engine's SQL API)."""
    overlay = load_overlay(OVERLAYS_DIR / f"{service.name}.toml")
    try:
        return bool(_operation_keys(overlay.apply(cut)))
    except OverlayError:
        return False


def _operation_keys(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(method, path) for method, path, _ in iter_operations(doc)}


def _segmentation_hint(doc: dict[str, Any]) -> str:
    """Name the likely cause when account paths do not use ``{account_id}``."""
    spellings = sorted(
        {
            match.group(1)
            for path in as_object(doc.get("paths"))
            if (match := re.match(r"^/accounts/\{([^}]+)\}", path))
            and match.group(1) != "account_id"
        }
    )
    if not spellings:
        return ""
    named = ", ".join("{" + s + "}" for s in spellings)
    return (
        f"; the spec spells the account parameter as {named}, the service table expects"
        " {account_id} (add the spelling to spec.ACCOUNT_PARAMETER_SPELLINGS)"
    )


def _lost_hint(doc: dict[str, Any], lost: list[tuple[str, str]]) -> str:
    present = _operation_keys(doc)
    if all(key not in present for key in lost):
        return "; they are not in the new spec (pass --allow-removed if that is intended)"
    return "; some are in the new spec but no longer match the service's path patterns"


def run_segment(
    spec_path: Path, *, date: str | None = None, allow_removed: bool = False
) -> list[Path]:
    """``segment``: refresh the vendored slices."""
    return segment_into(spec_path, SPECS_DIR, date=date, allow_removed=allow_removed)


# -- generate --------------------------------------------------------------------------------


def _ruff(*args: str) -> None:
    config = str(REPO_ROOT / "pyproject.toml")
    subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--config", config, "--quiet"],
        check=True,
        cwd=REPO_ROOT,
    )


def format_tree(paths: list[Path]) -> None:
    """Remove unused imports, sort imports and format (ruff, with the repository's config)."""
    if not paths:
        return
    names = [str(p) for p in paths]
    _ruff("check", "--fix-only", "--select", "F401,I", "--exit-zero", *names)
    _ruff("format", *names)


def load_service_doc(
    service: Service, specs_dir: Path = SPECS_DIR
) -> tuple[dict[str, Any], Overlay, str]:
    """The patched slice of ``service``, its overlay and the slice's sha256."""
    slice_path = specs_dir / f"{service.name}.json"
    doc = load_json(slice_path)
    overlay = load_overlay(specs_dir / "overlays" / f"{service.name}.toml")
    return overlay.apply(doc), overlay, sha256_file(slice_path)


def generate_service(
    service: Service, out_dir: Path, report: Report, *, specs_dir: Path = SPECS_DIR
) -> tuple[list[Path], dict[str, tuple[str, str, list[Any]]]]:
    """Write one service's ``_generated`` into ``out_dir``; returns (files, examples index)."""
    doc, overlay, slice_sha = load_service_doc(service, specs_dir)
    source = json.loads((specs_dir / "SOURCE.json").read_text(encoding="utf-8"))
    prov = Provenance(source["file"], source["sha256"], slice_sha)
    ops, types = build_operations(doc, service.name, overlay, report)
    report.operations[service.name] = len(ops)
    report.models[service.name] = len(types.models) + len(types.enums)
    files = render_service(service, ops, types, prov)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    written: list[Path] = []
    for name, text in files.items():
        target = out_dir / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written, dict(sorted(types.schema_index.items()))


def generate_services(
    names: list[str] | None = None, *, root: Path = REPO_ROOT, specs_dir: Path = SPECS_DIR
) -> Report:
    """``generate``: write ``_generated`` for the named services (all by default)."""
    report = Report()
    services = [BY_NAME[n] for n in names] if names else list(SERVICES)
    written: list[Path] = []
    for service in services:
        written += [p for p in scaffold(service, root) if p.suffix == ".py"]
        files, _ = generate_service(
            service, root / service.generated_dir, report, specs_dir=specs_dir
        )
        written += files
    format_tree(written)
    unasync.run(root)  # the sync twins of hand-written async modules (tools/unasync.toml)
    return report


# -- check -----------------------------------------------------------------------------------


def _diff_dirs(expected: Path, actual: Path, label: str) -> list[str]:
    problems: list[str] = []
    exp_files = {
        p.relative_to(expected)
        for p in expected.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    act_files: set[Path] = (
        {
            p.relative_to(actual)
            for p in actual.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        if actual.exists()
        else set()
    )
    for rel in sorted(exp_files - act_files):
        problems.append(f"{label}/{rel}: missing (would be created)")
    for rel in sorted(act_files - exp_files):
        problems.append(f"{label}/{rel}: not produced by the generator")
    for rel in sorted(exp_files & act_files):
        if not filecmp.cmp(expected / rel, actual / rel, shallow=False):
            a = (actual / rel).read_text(encoding="utf-8").splitlines()
            b = (expected / rel).read_text(encoding="utf-8").splitlines()
            changed = sum(
                1
                for line in difflib.unified_diff(a, b, lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))
            )
            problems.append(f"{label}/{rel}: differs ({changed} changed lines)")
    return problems


def check(*, spec: Path | None = None, root: Path = REPO_ROOT) -> list[str]:
    """Regenerate into a temp dir and list every difference from the committed tree."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cfcodegen-") as tmp:
        tmp_root = Path(tmp)
        specs_dir = SPECS_DIR
        if spec is not None:
            tmp_specs = tmp_root / "specs"
            shutil.copytree(SPECS_DIR / "overlays", tmp_specs / "overlays")
            recorded = json.loads((SPECS_DIR / "SOURCE.json").read_text(encoding="utf-8"))
            segment_into(spec, tmp_specs, date=recorded.get("date"))
            for service in SERVICES:
                name = f"{service.name}.json"
                if (tmp_specs / name).read_bytes() != (SPECS_DIR / name).read_bytes():
                    problems.append(
                        f"specs/{name}: vendored slice differs from a fresh segmentation"
                    )
            if (tmp_specs / "SOURCE.json").read_bytes() != (SPECS_DIR / "SOURCE.json").read_bytes():
                problems.append("specs/SOURCE.json: differs")
        report = Report()
        written: list[Path] = []
        for service in SERVICES:
            out = tmp_root / "out" / service.name
            files, _ = generate_service(service, out, report, specs_dir=specs_dir)
            written += files
        format_tree(written)
        for service in SERVICES:
            problems += _diff_dirs(
                tmp_root / "out" / service.name, root / service.generated_dir, service.generated_dir
            )
    problems += unasync.check(root)
    return problems


# -- whole spec ------------------------------------------------------------------------------


def whole_spec(spec_path: Path, out_dir: Path, *, by_tag: bool = False) -> Report:
    """Run the generator over every operation of ``spec_path`` (one pseudo-service)."""
    from cloudflarefs_codegen.services import Service as _Service

    doc = load_json(spec_path)
    report = Report()
    sha = sha256_file(spec_path)
    prov = Provenance(spec_path.name, sha, sha)
    service = _Service("whole", "Whole", "Cloudflare (whole spec)", (r"^/",))
    out_dir.mkdir(parents=True, exist_ok=True)
    pkg = out_dir / "whole"
    if pkg.exists():
        shutil.rmtree(pkg)
    pkg.mkdir(parents=True)
    total = sum(1 for _ in iter_operations(doc))
    try:
        ops, types = build_operations(doc, service.name, Overlay(source="(none)"), report)
        files = render_service(service, ops, types, prov)
        for name, text in files.items():
            (pkg / name).write_text(text, encoding="utf-8")
            compile(text, str(pkg / name), "exec")
        _attribute_to_services(report, doc, ops)
        report.models[service.name] = len(types.models) + len(types.enums)
        if len(ops) != total:
            report.crashes.append(
                {"where": "operations", "error": f"{len(ops)} of {total} generated"}
            )
    except Exception as exc:  # the point of this command is to count crashes, not to stop at one
        report.crashes.append(
            {"where": "whole", "error": "".join(traceback.format_exception(exc))[-2000:]}
        )
    (out_dir / "report.json").write_text(dump_json(report.as_dict()), encoding="utf-8")
    (out_dir / "report.txt").write_text(report.summary(), encoding="utf-8")
    return report


def _owner(doc: dict[str, Any], method: str, path: str) -> str:
    """The management service owning a path, else ``other:<first tag>``."""
    from cloudflarefs_codegen.naming import snake_case
    from cloudflarefs_codegen.services import service_for_path

    service = service_for_path(path)
    if service is not None:
        return service.name
    op = doc.get("paths", {}).get(path, {}).get(method.lower(), {})
    tags = op.get("tags") or ["untagged"]
    return "other:" + snake_case(str(tags[0]))


def _attribute_to_services(report: Report, doc: dict[str, Any], ops: list[Any]) -> None:
    """Whole-spec counts per service (management services by path regex, the rest by tag)."""
    for op in ops:
        owner = _owner(doc, op.method, op.path)
        report.operations[owner] = report.operations.get(owner, 0) + 1
    for fallback in report.fallbacks:
        method, _, path = fallback.operation.partition(" ")
        if path.startswith("/"):
            fallback.service = _owner(doc, method, path)


def digest(text: str) -> str:
    """sha256 of a text (used in tests)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
