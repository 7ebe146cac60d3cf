"""MkDocs hook: an API reference page for every distribution, generated from its docstrings.

For each ``packages/cloudflarefs-<svc>-<layer>/`` (and ``cloudflarefs-testing``) this adds a page
``reference/packages/<distribution>.md`` holding mkdocstrings directives for the package's public
modules (``cloudflarefs.<svc>.runtime``; ``cloudflarefs.<svc>.management`` and its ``.aio``), lists
the pages under "API reference" in the nav, and ends each service page (``runtime/<svc>.md``,
``management/<svc>.md``) with a link to its reference. Nothing is written to ``docs/``: adding a
package adds its reference without editing ``mkdocs.yml`` or writing a page by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

SECTION = "API reference"
PAGES_DIR = "reference/packages"
PREFIX = "cloudflarefs-"
# Distributions without a reference page of their own: the meta-distribution has no code, and the
# core's modules have hand-organised pages (reference/core.md and its siblings).
SKIP = {"cloudflarefs", "cloudflarefs-core"}


def _packages_dir(config: Any) -> Path:
    return Path(config["docs_dir"]).resolve().parent / "packages"


def distributions(packages_dir: Path) -> list[str]:
    """Every distribution directory under ``packages/`` that gets a reference page."""
    return sorted(
        p.name
        for p in packages_dir.iterdir()
        if (p / "pyproject.toml").is_file() and p.name not in SKIP and p.name.startswith(PREFIX)
    )


def modules(packages_dir: Path, dist: str) -> list[str]:
    """The public modules of ``dist``: its package, and the async ``aio`` module if any."""
    src = packages_dir / dist / "src"
    found: list[str] = []
    for init in sorted(src.glob("cloudflarefs/**/__init__.py")):
        package = init.parent.relative_to(src)
        if any(part.startswith("_") for part in package.parts):
            continue
        # The top package of the distribution: no public package above it in this tree.
        parent = init.parent.parent
        if (parent / "__init__.py").exists() and parent != src / "cloudflarefs":
            continue
        name = ".".join(package.parts)
        found.append(name)
        if (init.parent / "aio.py").is_file():
            found.append(f"{name}.aio")
    return found


def service_page(dist: str) -> str | None:
    """``management/kv.md`` for ``cloudflarefs-kv-management``; ``None`` for other kinds."""
    stem = dist.removeprefix(PREFIX)
    for layer in ("runtime", "management"):
        if stem.endswith(f"-{layer}"):
            return f"{layer}/{stem.removesuffix(f'-{layer}')}.md"
    return None


def page_markdown(dist: str, names: list[str]) -> str:
    lines = [
        f"# {dist}",
        "",
        f"The public API of `{dist}`, generated from its docstrings.",
        "",
    ]
    guide = service_page(dist)
    if guide is not None:
        lines += [f"Guide: [{guide}](../../{guide}).", ""]
    for name in names:
        lines += [f"::: {name}", "    options:", "      show_submodules: false", ""]
    return "\n".join(lines)


def on_config(config: Any) -> Any:
    """Add one nav entry per distribution under the ``API reference`` section."""
    nav: list[Any] = config["nav"] or []
    for entry in nav:
        if isinstance(entry, dict) and SECTION in entry:
            section: dict[str, list[Any]] = entry  # pyright: ignore[reportUnknownVariableType]
            pages = [
                {dist: f"{PAGES_DIR}/{dist}.md"} for dist in distributions(_packages_dir(config))
            ]
            section[SECTION].append({"Packages": pages})
    return config


def on_files(files: Files, config: Any) -> Files:
    """Generate the pages (in memory)."""
    packages_dir = _packages_dir(config)
    for dist in distributions(packages_dir):
        names = modules(packages_dir, dist)
        if not names:
            raise ValueError(f"{dist}: no public module found under src/cloudflarefs")
        files.append(
            File.generated(config, f"{PAGES_DIR}/{dist}.md", content=page_markdown(dist, names))
        )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """End each service page with a link to its distribution's API reference."""
    src = page.file.src_uri
    for dist in distributions(_packages_dir(config)):
        if service_page(dist) == src:
            return f"{markdown.rstrip()}\n\n## API reference\n\n[`{dist}`](../{PAGES_DIR}/{dist}.md): every public class and function, from the docstrings.\n"
    return markdown
