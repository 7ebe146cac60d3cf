"""The meta-distribution's extras cover every distribution in packages/, consistently named."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

PACKAGES = Path(__file__).resolve().parents[2]
PYPROJECT: dict[str, Any] = tomllib.loads(
    (PACKAGES / "cloudflarefs" / "pyproject.toml").read_text()
)
EXTRAS: dict[str, list[str]] = PYPROJECT["project"]["optional-dependencies"]
LAYERS = ("runtime", "management")


def distributions() -> set[str]:
    """Every distribution under packages/ except this one, read from its pyproject."""
    names = {
        str(tomllib.loads(p.read_text())["project"]["name"])
        for p in PACKAGES.glob("*/pyproject.toml")
    }
    return names - {"cloudflarefs"}


def split(dist: str) -> tuple[str, str] | None:
    """``cloudflarefs-<svc>-<layer>`` as ``(svc, layer)``; None for core and testing."""
    match = re.fullmatch(r"cloudflarefs-(?P<svc>.+)-(?P<layer>runtime|management)", dist)
    return (match["svc"], match["layer"]) if match else None


def layered() -> dict[str, str]:
    """Every service distribution by its ``<svc>-<layer>`` extra name."""
    out: dict[str, str] = {}
    for dist in distributions():
        parts = split(dist)
        if parts is not None:
            out["-".join(parts)] = dist
    return out


def test_the_repository_has_both_layers() -> None:
    # Guards the comparisons below against an empty or misread packages/ directory.
    layers = {parts[1] for d in distributions() if (parts := split(d)) is not None}
    assert layers == set(LAYERS)
    assert {"cloudflarefs-core", "cloudflarefs-testing"} <= distributions()


def test_every_service_distribution_has_its_own_extra() -> None:
    for extra, dist in layered().items():
        assert EXTRAS.get(extra) == [dist], extra


def test_service_extras_join_both_layers() -> None:
    services = {extra.rsplit("-", 1)[0] for extra in layered()}
    for svc in services:
        expected = [
            layered()[f"{svc}-{layer}"] for layer in LAYERS if f"{svc}-{layer}" in layered()
        ]
        assert EXTRAS.get(svc) == expected, svc


def test_layer_testing_and_all_extras() -> None:
    for layer in LAYERS:
        want = {d for d in distributions() if (split(d) or ("", ""))[1] == layer}
        assert set(EXTRAS[f"all-{layer}"]) == want, layer
        assert len(EXTRAS[f"all-{layer}"]) == len(want), f"duplicates in all-{layer}"
    assert EXTRAS["testing"] == ["cloudflarefs-testing"]
    assert EXTRAS["cli"] == ["cloudflarefs-cli"]
    assert set(EXTRAS["all"]) == distributions() - {"cloudflarefs-core"}


def test_no_extra_names_anything_else() -> None:
    known = set(layered()) | {e.rsplit("-", 1)[0] for e in layered()}
    known |= {"all-runtime", "all-management", "testing", "cli", "all"}
    assert set(EXTRAS) == known
    mentioned = {req for reqs in EXTRAS.values() for req in reqs}
    assert mentioned <= distributions()


def test_no_code_and_workspace_sources_for_every_dependency() -> None:
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"] == {"bypass-selection": True}
    assert not (PACKAGES / "cloudflarefs" / "src").exists()
    sources = PYPROJECT["tool"]["uv"]["sources"]
    needed = set(PYPROJECT["project"]["dependencies"]) | {
        req for reqs in EXTRAS.values() for req in reqs
    }
    assert needed == set(sources)
    assert all(source == {"workspace": True} for source in sources.values())
