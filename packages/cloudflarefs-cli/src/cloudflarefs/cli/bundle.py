"""Bundle a Python Worker the way Python Workers (and pywrangler) lay it out.

The entry module's directory is uploaded as is (module names relative to it, so ``src/entry.py``
is ``entry.py`` and ``src/lib/util.py`` is ``lib/util.py``). Dependencies are vendored in
``python_modules/`` at the project root (what ``pywrangler sync`` or
``uv pip install --target python_modules ...`` produce) and uploaded under that prefix, where
the Python Workers runtime puts them on ``sys.path``.

A dependency that cannot run in Pyodide (a compiled extension, or a wheel whose tags are neither
pure nor emscripten/pyodide) is refused, naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from cloudflarefs.cli.errors import ConfigError
from cloudflarefs.cli.project import Project
from cloudflarefs.workers.management import WorkerModule

VENDOR_DIR = "python_modules"
_SKIP_DIRS = {"__pycache__", ".venv", "node_modules", ".git"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}
_COMPILED = {".so", ".pyd", ".dylib", ".dll"}
_PYODIDE_MARKERS = ("emscripten", "pyodide", "wasm32")
# pywrangler marks python_modules/ as a venv and records its last sync; neither is uploaded.
_VENDOR_MARKERS = {"pyvenv.cfg", ".synced"}


@attrs.frozen
class Bundle:
    """The modules of an upload; the first is the entry module."""

    modules: tuple[WorkerModule, ...]

    @property
    def main_module(self) -> str:
        """The entry module's name in the upload."""
        return self.modules[0].name

    def digest(self, metadata: Mapping[str, Any]) -> str:
        """A hash of every module and the upload's metadata (what idempotency compares)."""
        h = hashlib.sha256()
        for m in sorted(self.modules, key=lambda m: m.name):
            for piece in (m.name.encode(), m.content_type.encode(), m.content):
                h.update(len(piece).to_bytes(8, "big"))
                h.update(piece)
        h.update(json.dumps(metadata, sort_keys=True, default=str).encode())
        return h.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in _SKIP_DIRS for part in rel.parts) or path.suffix in _SKIP_SUFFIXES:
            continue
        if path.is_file():
            yield path


def _is_pyodide_compatible(tag: str) -> bool:
    return tag.endswith("-any") or any(m in tag for m in _PYODIDE_MARKERS)


def _check_vendored(project: Project, vendor: Path) -> None:
    for path in _files(vendor):
        rel = path.relative_to(project.root).as_posix()
        if path.suffix in _COMPILED and not any(m in path.name for m in _PYODIDE_MARKERS):
            raise ConfigError(
                path,
                None,
                f"{rel} is a compiled extension without a Pyodide (emscripten) build; "
                "Python Workers can only load pure-Python packages or Pyodide's own builds",
            )
        if path.name == "WHEEL" and path.parent.name.endswith(".dist-info"):
            for line in path.read_text(errors="replace").splitlines():
                key, _, tag = line.partition(":")
                if key.strip() == "Tag" and not _is_pyodide_compatible(tag.strip()):
                    raise ConfigError(
                        path,
                        "Tag",
                        f"{tag.strip()!r}: {path.parent.name} is built for another platform "
                        "(neither pure Python nor Pyodide); it cannot run in a Python Worker",
                    )


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_dependencies(project: Project) -> dict[str, str]:
    """Distribution name → where it is declared (pyproject.toml or requirements.txt)."""
    out: dict[str, str] = {}
    pyproject = project.root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text())
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(pyproject, None, f"cannot be parsed: {err}") from None
        deps: Any = data.get("project", {}).get("dependencies", [])
        for dep in deps:
            out[_normalise(re.split(r"[\s\[<>=!~;@]", str(dep), maxsplit=1)[0])] = (  # pyright: ignore[reportUnknownArgumentType]
                "pyproject.toml project.dependencies"
            )
    requirements = project.root / "requirements.txt"
    if requirements.is_file():
        for line in requirements.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                out[_normalise(re.split(r"[\s\[<>=!~;@]", line, maxsplit=1)[0])] = (
                    "requirements.txt"
                )
    return out


def _vendored_names(vendor: Path) -> set[str]:
    names: set[str] = set()
    if vendor.is_dir():
        for info in vendor.glob("*.dist-info"):
            names.add(_normalise(info.name.removesuffix(".dist-info").rsplit("-", 1)[0]))
    return names


# Provided by the Python Workers runtime itself: never vendored.
RUNTIME_PROVIDED = {"workers-py", "workers-runtime-sdk", "webtypy"}


def build_bundle(project: Project) -> Bundle:
    """Collect and check the modules to upload.

    Raises:
        ConfigError: an incompatible vendored dependency, or a declared dependency that is not
            vendored in ``python_modules/``.
    """
    source_root = project.main.parent
    main = WorkerModule.from_path(project.main, name=project.main.name)
    modules = [main]
    for path in _files(source_root):
        if path == project.main or (source_root / VENDOR_DIR) in path.parents:
            continue
        if path.suffix == ".py" or path.suffix in (".txt", ".json", ".sql", ".html"):
            modules.append(
                WorkerModule.from_path(path, name=path.relative_to(source_root).as_posix())
            )
    vendor = project.root / VENDOR_DIR
    missing = {
        name: where
        for name, where in _declared_dependencies(project).items()
        if name not in _vendored_names(vendor) and name not in RUNTIME_PROVIDED
    }
    if missing:
        name, where = sorted(missing.items())[0]
        raise ConfigError(
            project.root / where.split(" ")[0],
            where.split(" ")[1] if " " in where else None,
            f"dependency {name!r} is not vendored in {VENDOR_DIR}/ (run `uv pip install "
            f"--target {VENDOR_DIR} -r ...` or `pywrangler sync` first)",
        )
    if vendor.is_dir():
        _check_vendored(project, vendor)
        for path in _files(vendor):
            first = path.relative_to(vendor).parts[0]
            if first.endswith(".dist-info") or first in _VENDOR_MARKERS:
                continue  # metadata and pywrangler's markers, not code
            rel = path.relative_to(vendor).as_posix()
            modules.append(WorkerModule.from_path(path, name=f"{VENDOR_DIR}/{rel}"))
    return Bundle(tuple(modules))
