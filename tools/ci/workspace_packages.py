"""The published distributions of the workspace, read from ``packages/*/pyproject.toml``.

Every CI helper iterates this list instead of naming packages, so a new package is checked the
moment its directory exists. Run directly to print one distribution per line:

    python tools/ci/workspace_packages.py            # names
    python tools/ci/workspace_packages.py --dirs     # directories
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Package:
    """One distribution under ``packages/``.

    Attributes:
        name: the distribution name, e.g. ``cloudflarefs-kv-management``.
        directory: the package directory.
        version_file: the ``_version.py`` hatchling reads the version from, if declared.
        leaf_module: the import path the distribution owns, e.g. ``cloudflarefs.kv.management``
            (``None`` for a distribution without code, such as a meta-distribution).
    """

    name: str
    directory: Path
    version_file: Path | None
    leaf_module: str | None

    @property
    def wheel_stem(self) -> str:
        """The distribution name as it appears in wheel and sdist file names."""
        return normalize(self.name).replace("-", "_")

    @property
    def version(self) -> str:
        """The version declared in ``_version.py`` (or the static ``project.version``)."""
        if self.version_file is not None:
            return read_version(self.version_file)
        data = tomllib.loads((self.directory / "pyproject.toml").read_text())
        return str(data["project"]["version"])


def normalize(name: str) -> str:
    """PEP 503 normalisation: lower case, runs of ``-_.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_version(version_file: Path) -> str:
    """The ``__version__`` string assigned in ``version_file`` (parsed, never imported)."""
    tree = ast.parse(version_file.read_text(), filename=str(version_file))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError(f"{version_file}: no `__version__ = '...'` assignment")


def load_package(directory: Path) -> Package:
    """Read one package's ``pyproject.toml``."""
    data = tomllib.loads((directory / "pyproject.toml").read_text())
    name = str(data["project"]["name"])
    version_path = data.get("tool", {}).get("hatch", {}).get("version", {}).get("path")
    version_file = directory / version_path if version_path else None
    leaf_module = None
    if version_path:
        parts = Path(version_path).parts
        if parts[0] == "src":
            parts = parts[1:]
        leaf_module = ".".join(parts[:-1]) or None
    return Package(name, directory, version_file, leaf_module)


def load_packages(root: Path = ROOT) -> list[Package]:
    """Every distribution under ``root/packages``, sorted by name."""
    found = [load_package(p.parent) for p in (root / "packages").glob("*/pyproject.toml")]
    return sorted(found, key=lambda p: p.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the distributions under packages/.")
    parser.add_argument("--dirs", action="store_true", help="print directories instead of names")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    for package in load_packages(args.root):
        print(package.directory if args.dirs else package.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
