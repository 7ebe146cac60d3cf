"""docs/_hooks/api_reference.py: a reference page for every distribution, linked from its guide."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "api_reference", ROOT / "docs" / "_hooks" / "api_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_distribution_with_code_gets_a_page_of_its_public_modules() -> None:
    hook = _hook()
    dists = hook.distributions(PACKAGES)
    with_code = {
        p.name
        for p in PACKAGES.iterdir()
        if (p / "pyproject.toml").is_file() and (p / "src").is_dir()
    } - {"cloudflarefs-core"}
    assert set(dists) == with_code
    for dist in dists:
        names = hook.modules(PACKAGES, dist)
        assert names, dist
        for name in names:
            assert importlib.util.find_spec(name) is not None, name
        if dist.endswith("-management"):
            assert names[-1].endswith(".aio"), (dist, names)
        page = hook.page_markdown(dist, names)
        assert all(f"::: {name}" in page for name in names)


def test_every_service_page_links_to_an_existing_distribution() -> None:
    hook = _hook()
    dists = hook.distributions(PACKAGES)
    guides = {hook.service_page(d): d for d in dists if hook.service_page(d)}
    for guide, dist in guides.items():
        assert (ROOT / "docs" / guide).is_file(), f"{dist} has no guide page {guide}"
    for layer in ("runtime", "management"):
        for page in (ROOT / "docs" / layer).glob("*.md"):
            name = f"{layer}/{page.name}"
            if name in guides:
                continue
            # Guides that are not one distribution's (e.g. runtime/testing-offline.md).
            stem = page.stem
            assert not (PACKAGES / f"cloudflarefs-{stem}-{layer}").exists(), name


def test_the_hook_is_registered() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs/_hooks/api_reference.py" in config
