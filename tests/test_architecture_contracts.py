"""The import contracts of pyproject.toml ([tool.importlinter]) hold, match real modules, and fail
on deliberate violations.

`lint-imports` runs in .ci/run; these tests show it is not vacuous: every module expression of
every contract matches modules of the installed workspace, every declared exception is used, and a
namespace portion planted on PYTHONPATH that breaks each rule makes exactly that contract fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "tool"
]["importlinter"]
CONTRACTS: list[dict[str, Any]] = CONFIG["contracts"]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
EXPRESSION_FIELDS = (
    "source_modules",
    "forbidden_modules",
    "protected_modules",
    "allowed_importers",
    "modules",
)


def lint_imports(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("cloudflarefs", include_external_packages=True)


def test_the_workspace_keeps_every_contract() -> None:
    proc = lint_imports()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    analysed = re.search(r"Analyzed (\d+) files", proc.stdout)
    assert analysed is not None and int(analysed.group(1)) > 100, proc.stdout
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in proc.stdout


@pytest.mark.parametrize("contract", CONTRACTS, ids=[c["id"] for c in CONTRACTS])
def test_every_module_expression_matches_modules(
    graph: grimp.ImportGraph, contract: dict[str, Any]
) -> None:
    """A wildcard that matches nothing would make its contract pass vacuously."""
    for field in EXPRESSION_FIELDS:
        for expression in contract.get(field, []):
            if "*" in expression:
                matched = graph.find_matching_modules(expression)
            else:
                matched = {expression} & graph.modules
            assert matched, f"{contract['id']}.{field}: {expression!r} matches no module"


def test_the_declared_exceptions_are_exactly_the_architectures(graph: grimp.ImportGraph) -> None:
    [independence] = [c for c in CONTRACTS if c["type"] == "independence"]
    declared: dict[tuple[str, str], int] = {}
    for expression in independence["ignore_imports"]:
        importer, imported = (side.strip() for side in expression.split("->"))
        assert importer.removesuffix(".**") in graph.modules and imported in graph.modules
        key = (importer.removesuffix(".**"), imported)
        found = graph.find_matching_direct_imports(import_expression=expression)
        declared[key] = declared.get(key, 0) + len(found)
    # Used today (websockets reaches the Workers runtime through Durable Objects only).
    assert declared[
        ("cloudflarefs.workers_for_platforms.management", "cloudflarefs.workers.management")
    ]
    assert declared[("cloudflarefs.durable_objects.runtime", "cloudflarefs.workers.runtime")]
    assert declared[("cloudflarefs.websockets.runtime", "cloudflarefs.durable_objects.runtime")]
    # The four exceptions of ARCHITECTURE.md, and no others.
    assert set(declared) == {
        ("cloudflarefs.workers_for_platforms.management", "cloudflarefs.workers.management"),
        ("cloudflarefs.durable_objects.runtime", "cloudflarefs.workers.runtime"),
        ("cloudflarefs.websockets.runtime", "cloudflarefs.workers.runtime"),
        ("cloudflarefs.websockets.runtime", "cloudflarefs.durable_objects.runtime"),
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def violations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PYTHONPATH entry that breaks every rule once.

    ``cloudflarefs.zzviolation`` is an extra namespace portion (a fake service with a runtime and a
    management package); ``cloudflarefs/core`` and ``cloudflarefs/cli`` are copies of the real
    packages, found first on the path, each with one module added that breaks its rule.
    """
    base = tmp_path_factory.mktemp("violations")
    ns = base / "cloudflarefs"
    shutil.copytree(
        ROOT / "packages" / "cloudflarefs-core" / "src" / "cloudflarefs" / "core",
        ns / "core",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _write(ns / "core" / "_leak.py", "import cloudflarefs.kv.management\n")
    shutil.copytree(
        ROOT / "packages" / "cloudflarefs-cli" / "src" / "cloudflarefs" / "cli",
        ns / "cli",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _write(ns / "cli" / "_leak.py", "import cloudflarefs.testing\n")  # cli-no-harness
    runtime = ns / "zzviolation" / "runtime"
    _write(
        runtime / "__init__.py",
        "import httpx\n"  # runtime-pure
        "import cloudflarefs.kv.runtime\n"  # services-independent
        "import cloudflarefs.testing\n"  # no-testing-kit
        "import cloudflarefs.cli\n"  # no-cli-in-services
        "import cloudflarefs.kv.management._generated.models\n",  # generated-private
    )
    management = ns / "zzviolation" / "management"
    _write(management / "__init__.py", "")
    _write(management / "_client.py", "")
    _write(
        management / "_generated" / "__init__.py",
        "from cloudflarefs.zzviolation.management import _client\n",  # generated-pure
    )
    _write(
        management / "_generated" / "models.py",
        "import cloudflarefs.zzviolation.management\n",  # generated-not-package-init
    )
    return base


@pytest.mark.parametrize("contract", CONTRACTS, ids=[c["id"] for c in CONTRACTS])
def test_a_deliberate_violation_breaks_the_contract(
    violations: Path, contract: dict[str, Any]
) -> None:
    proc = lint_imports("--contract", contract["id"], pythonpath=violations)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "BROKEN" in proc.stdout
    assert "Contracts: 0 kept, 1 broken." in proc.stdout


def test_a_clean_extra_portion_passes(tmp_path: Path) -> None:
    """The planted portion is analysed: importing only the pure core keeps every contract."""
    runtime = tmp_path / "cloudflarefs" / "zzclean" / "runtime"
    _write(runtime / "__init__.py", "from cloudflarefs.core import APIStatusError\n")
    proc = lint_imports("--verbose", pythonpath=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cloudflarefs.zzclean.runtime" in proc.stdout


def _ci_step(pythonpath: Path | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        ["bash", "-c", "source .ci/run\nrun_import_contracts"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ci_step_passes_on_the_workspace_and_fails_on_a_violation(violations: Path) -> None:
    """.ci/run's `import contracts` step is what fails the gate when a contract breaks."""
    kept = _ci_step(None)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    broken = _ci_step(violations)
    assert broken.returncode != 0
    assert f"Contracts: 0 kept, {len(CONTRACTS)} broken." in broken.stdout
