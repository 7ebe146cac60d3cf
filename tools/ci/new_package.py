"""Create a workspace package from ``tools/package-template/``.

``tools/new-package <svc> <runtime|management|testing>`` writes
``packages/cloudflarefs-<svc>-<layer>/`` with a hatchling ``pyproject.toml`` (version read from
``_version.py``), README, CHANGELOG, the PEP 420 layout ``src/cloudflarefs/<svc_py>/<layer>/``
(``__init__.py``, ``_version.py``, ``py.typed``; no ``__init__.py`` above it) and
``tests/test_import.py``. Dependencies follow the architecture's rules: runtime packages get the
pure core only (never httpx), management packages get ``cloudflarefs-core[http]``, attrs and
cattrs.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "tools" / "package-template"

LAYERS = ("runtime", "management", "testing")
_SERVICE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Names whose import path is already taken by a distribution that is not a service.
_RESERVED = frozenset({"core", "testing"})

_DEPENDENCIES = {
    "runtime": ["cloudflarefs-core"],
    "management": ["cloudflarefs-core[http]", "attrs>=24.2", "cattrs>=24.1"],
    "testing": ["cloudflarefs-core"],
}
_DESCRIPTIONS = {
    "runtime": "Typed wrappers for the Cloudflare {service} binding in Python Workers.",
    "management": "Typed management client for the Cloudflare {service} REST API (v4), sync and async.",
    "testing": "Test helpers for Cloudflare {service} in cloudflarefs.",
}
_LAYER_NOTES = {
    "runtime": "Runs inside Python Workers (Pyodide); depends on the pure `cloudflarefs-core` only.",
    "management": "Talks to the Cloudflare REST API through `cloudflarefs-core[http]`.",
    "testing": "For tests only; no shipped package may import it.",
}


class NewPackageError(ValueError):
    """The service name or layer is invalid, or the package already exists."""


@dataclass(frozen=True)
class Spec:
    """What to create."""

    service: str
    layer: str

    @property
    def dist(self) -> str:
        return f"cloudflarefs-{self.service}-{self.layer}"

    @property
    def service_module(self) -> str:
        return self.service.replace("-", "_")

    @property
    def module(self) -> str:
        return f"cloudflarefs.{self.service_module}.{self.layer}"


def validate(service: str, layer: str) -> Spec:
    """Check the arguments before anything is written."""
    if layer not in LAYERS:
        raise NewPackageError(f"layer must be one of {', '.join(LAYERS)}, got {layer!r}")
    if not _SERVICE.match(service):
        raise NewPackageError(
            f"service {service!r} must be lower-case words joined by '-', e.g. durable-objects"
        )
    if service in _RESERVED:
        raise NewPackageError(f"service name {service!r} is reserved")
    spec = Spec(service, layer)
    if keyword.iskeyword(spec.service_module):
        raise NewPackageError(f"{spec.service_module!r} is a Python keyword")
    return spec


def render(spec: Spec) -> dict[str, str]:
    """Every file of the new package, keyed by its path relative to the package directory."""
    description = _DESCRIPTIONS[spec.layer].format(service=spec.service)
    module_dir = spec.module.replace(".", "/")
    entry_points = ""
    if spec.layer == "management":
        entry_points = (
            "\n# Register the client with the unified `Cloudflare` client once it exists:\n"
            '# [project.entry-points."cloudflarefs.management"]\n'
            f'# {spec.service_module} = "{spec.module}:<Service>Client"\n'
        )
    stdlib = ["importlib"] + (["subprocess", "sys"] if spec.layer == "runtime" else [])
    values = {
        "dist": spec.dist,
        "module": spec.module,
        "module_dir": module_dir,
        "layer": spec.layer,
        "description": description,
        "dependencies": "".join(f'    "{d}",\n' for d in _DEPENDENCIES[spec.layer]),
        "entry_points": entry_points,
        "layer_note": _LAYER_NOTES[spec.layer],
        "namespaces": f'("cloudflarefs", "cloudflarefs.{spec.service_module}")',
        "stdlib_imports": "\n".join(f"import {m}" for m in stdlib),
        "layer_tests": "",
    }
    if spec.layer == "runtime":
        values["layer_tests"] = _fill("test_import_runtime.py.tmpl", values)

    return {
        "pyproject.toml": _fill("pyproject.toml.tmpl", values),
        "README.md": _fill("README.md.tmpl", values),
        "CHANGELOG.md": _fill("CHANGELOG.md.tmpl", values),
        f"src/{module_dir}/__init__.py": _fill("__init__.py.tmpl", values),
        f"src/{module_dir}/_version.py": _fill("_version.py.tmpl", values),
        f"src/{module_dir}/py.typed": "",
        "tests/test_import.py": _fill("test_import.py.tmpl", values),
    }


def _fill(template: str, values: dict[str, str]) -> str:
    return Template((TEMPLATE_DIR / template).read_text()).substitute(values)


def create(service: str, layer: str, root: Path = ROOT) -> Path:
    """Write the package under ``root/packages`` and return its directory."""
    spec = validate(service, layer)
    target = root / "packages" / spec.dist
    if target.exists():
        raise NewPackageError(f"{target} already exists")
    for relative, content in render(spec).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tools/new-package", description="Create packages/cloudflarefs-<svc>-<layer>/."
    )
    parser.add_argument("service", help="service name, lower case with '-', e.g. durable-objects")
    parser.add_argument("layer", choices=LAYERS)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="workspace root (default: this one)"
    )
    args = parser.parse_args(argv)
    try:
        target = create(args.service, args.layer, args.root)
    except NewPackageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"created {target}")
    print(
        "next: uv lock && uv sync --all-packages --all-extras, then commit the package and uv.lock"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
