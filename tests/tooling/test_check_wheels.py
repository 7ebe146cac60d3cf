"""The wheel checker's rules, on synthetic listings and metadata."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from check_wheels import (
    extra_requirements,
    install_and_import,
    layout_problems,
    provided_extras,
    requirement_name,
    runtime_problems,
    unconditional_requirements,
    workspace_closure,
)
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


# --- a distribution without a module (the `cloudflarefs` meta-distribution) -------------------

META_METADATA = """\
Metadata-Version: 2.4
Name: cloudflarefs
Version: 0.1.0
Requires-Dist: cloudflarefs-core
Provides-Extra: kv
Requires-Dist: cloudflarefs-kv-management; extra == 'kv'
Requires-Dist: cloudflarefs-kv-runtime; extra == "kv"
Provides-Extra: kv-runtime
Requires-Dist: cloudflarefs-kv-runtime; extra == 'kv-runtime'
Provides-Extra: testing
Requires-Dist: cloudflarefs-testing; extra == 'testing'
"""


def test_extras_and_their_requirements_are_read_from_metadata() -> None:
    assert provided_extras(META_METADATA) == ["kv", "kv-runtime", "testing"]
    assert extra_requirements(META_METADATA, ["kv_runtime"]) == [
        "cloudflarefs-kv-runtime; extra == 'kv-runtime'"
    ]
    assert [requirement_name(r) for r in extra_requirements(META_METADATA, ["kv"])] == [
        "cloudflarefs-kv-management",
        "cloudflarefs-kv-runtime",
    ]
    assert unconditional_requirements(META_METADATA) == ["cloudflarefs-core"]


def fake_wheel(dist: Path, name: str, metadata: str, files: dict[str, str]) -> Path:
    """A minimal wheel: its files, METADATA, WHEEL and RECORD (enough for installers)."""
    stem = name.replace("-", "_")
    info = f"{stem}-0.1.0.dist-info"
    contents = {
        **files,
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{path},,\n" for path in contents) + f"{info}/RECORD,,\n"
    wheel = dist / f"{stem}-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in {**contents, f"{info}/RECORD": record}.items():
            archive.writestr(path, text)
    return wheel


def leaf_wheel(dist: Path, name: str, module: str, body: str = "") -> Path:
    metadata = f"Metadata-Version: 2.4\nName: {name}\nVersion: 0.1.0\n"
    return fake_wheel(dist, name, metadata, {f"{module}/__init__.py": body})


@pytest.fixture
def meta_dist(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A dist/ with a code-free meta wheel whose extras name two leaf wheels (no index needed)."""
    dist = tmp_path / "dist"
    dist.mkdir()
    metadata = (
        "Metadata-Version: 2.4\nName: cfx-meta\nVersion: 0.1.0\n"
        "Requires-Dist: cfx-base\n"
        "Provides-Extra: good\nRequires-Dist: cfx-good; extra == 'good'\n"
    )
    wheels = {
        "cfx-meta": fake_wheel(dist, "cfx-meta", metadata, {}),
        "cfx-base": leaf_wheel(dist, "cfx-base", "cfx_base"),
        "cfx-good": leaf_wheel(dist, "cfx-good", "cfx_good"),
    }
    return dist, wheels


def test_the_closure_of_a_meta_wheel_follows_the_extras(
    meta_dist: tuple[Path, dict[str, Path]],
) -> None:
    _, wheels = meta_dist
    meta = wheels["cfx-meta"]
    assert workspace_closure(meta, wheels) == [wheels["cfx-base"]]
    assert sorted(workspace_closure(meta, wheels, ["good"])) == sorted(
        [wheels["cfx-base"], wheels["cfx-good"]]
    )


needs_uv = pytest.mark.skipif(shutil.which("uv") is None, reason="the installer check runs uv")
LEAVES = {"cfx-base": "cfx_base", "cfx-good": "cfx_good"}


@needs_uv
def test_a_meta_wheel_installs_with_its_extras_and_their_modules_import(
    meta_dist: tuple[Path, dict[str, Path]],
) -> None:
    dist, wheels = meta_dist
    meta = Package("cfx-meta", dist, None, None)
    assert install_and_import(meta, wheels["cfx-meta"], dist, sys.executable, wheels, LEAVES) == []


@needs_uv
def test_a_meta_wheel_whose_extra_brings_a_broken_module_fails(
    meta_dist: tuple[Path, dict[str, Path]],
) -> None:
    dist, wheels = meta_dist
    wheels["cfx-good"].unlink()
    wheels["cfx-good"] = leaf_wheel(dist, "cfx-good", "cfx_good", "raise ImportError('broken')")
    meta = Package("cfx-meta", dist, None, None)
    problems = install_and_import(meta, wheels["cfx-meta"], dist, sys.executable, wheels, LEAVES)
    assert len(problems) == 1 and "import cfx_base, cfx_good" in problems[0], problems
    assert "ImportError: broken" in problems[0]
