"""The wheel checker's rules, on synthetic listings and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_wheels import layout_problems, requirement_name, runtime_problems
from workspace_packages import ROOT, Package, load_packages

GOOD = [
    "cloudflarefs/kv/runtime/__init__.py",
    "cloudflarefs/kv/runtime/_version.py",
    "cloudflarefs/kv/runtime/py.typed",
    "cloudflarefs_kv_runtime-0.1.0.dist-info/METADATA",
]


def test_a_clean_listing_passes() -> None:
    assert layout_problems(GOOD, "cloudflarefs.kv.runtime") == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("cloudflarefs/__init__.py", "cloudflarefs/__init__.py makes a shared namespace"),
        ("cloudflarefs/kv/__init__.py", "cloudflarefs/kv/__init__.py makes a shared namespace"),
        ("cloudflarefs/kv/helpers.py", "outside the package's own module"),
        ("cloudflarefs/d1/runtime/x.py", "outside the package's own module"),
    ],
)
def test_namespace_violations_are_reported(extra: str, message: str) -> None:
    problems = layout_problems([*GOOD, extra], "cloudflarefs.kv.runtime")
    assert any(message in p for p in problems), problems


def test_missing_py_typed_and_init_are_reported() -> None:
    listing = [n for n in GOOD if not n.endswith(("py.typed", "__init__.py"))]
    problems = layout_problems(listing, "cloudflarefs.kv.runtime")
    assert any("py.typed is missing" in p for p in problems)
    assert any("__init__.py is missing" in p for p in problems)


def test_top_level_leaf_may_have_init() -> None:
    listing = ["cloudflarefs/core/__init__.py", "cloudflarefs/core/py.typed"]
    assert layout_problems(listing, "cloudflarefs.core") == []


def test_a_distribution_without_module_ships_no_code() -> None:
    assert layout_problems(["x-0.1.dist-info/METADATA"], None) == []
    assert layout_problems(["cloudflarefs/__init__.py"], None) != []


def package(leaf: str) -> Package:
    return Package("p", Path("."), None, leaf)


@pytest.mark.parametrize(
    "requirement",
    ["httpx>=0.27", "cloudflarefs-core[http]", "cloudflarefs-core[http]>=0.1", "HTTPX"],
)
def test_runtime_packages_must_not_need_httpx(requirement: str) -> None:
    assert runtime_problems(package("cloudflarefs.kv.runtime"), [requirement]) != []
    assert runtime_problems(package("cloudflarefs.kv.management"), [requirement]) == []


def test_runtime_packages_may_need_the_pure_core() -> None:
    assert runtime_problems(package("cloudflarefs.kv.runtime"), ["cloudflarefs-core>=0.1"]) == []


def test_requirement_names_are_normalised() -> None:
    assert (
        requirement_name("Cloudflarefs_Core[http] >=0.1 ; python_version>'3'")
        == "cloudflarefs-core"
    )


def test_every_workspace_package_declares_its_module() -> None:
    packages = load_packages(ROOT)
    assert any(p.name == "cloudflarefs-core" for p in packages)
    for p in packages:
        if p.name == "cloudflarefs":  # the meta-distribution has no code of its own
            continue
        assert p.leaf_module is not None and p.leaf_module.startswith("cloudflarefs."), p
        assert p.version, p
