"""Package skeletons for management packages: written once, never overwritten.

Everything here is a starting point for the handwritten layer; the generator only owns
``_generated/``.
"""

from __future__ import annotations

from pathlib import Path

from cloudflarefs_codegen.services import Service

__all__ = ["scaffold"]


def _pyproject(service: Service) -> str:
    return f'''[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[project]
name = "{service.dist}"
dynamic = ["version"]
description = "Typed management client for Cloudflare {service.title} (REST API v4), sync and async."
readme = "README.md"
license = "BSD-3-Clause"
requires-python = ">=3.11"
dependencies = [
    "cloudflarefs-core[http]",
    "attrs>=24.2",
    "cattrs>=24.1",
    "httpx>=0.27,<1",
]
classifiers = [
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Typing :: Typed",
]

[project.entry-points."cloudflarefs.management"]
{service.name} = "{service.module}:{service.class_stem}Client"

[project.entry-points."cloudflarefs.management.aio"]
{service.name} = "{service.module}.aio:{service.class_stem}Client"

[tool.hatch.version]
path = "src/cloudflarefs/{service.name}/management/_version.py"

[tool.hatch.build.targets.wheel]
packages = ["src/cloudflarefs"]

[tool.hatch.build.targets.sdist]
include = ["src", "tests", "README.md", "CHANGELOG.md"]

[tool.uv.sources]
cloudflarefs-core = {{ workspace = true }}
'''


def _readme(service: Service) -> str:
    return f"""# {service.dist}

Management client for Cloudflare {service.title}, part of cloudflarefs.

Status: the generated layer (`{service.module}._generated`: attrs models, pure request
builders/response parsers, resource-grouped sync and async clients) is in place. The public
client `{service.module}.{service.class_stem}Client` (registered under the
`cloudflarefs.management` entry point as `{service.name}`) is written by hand on top of it.

The generated code comes from `tools/cloudflarefs-codegen` (spec slice
`specs/{service.name}.json` plus `specs/overlays/{service.name}.toml`); never edit
`_generated/` by hand, run `tools/generate` instead.
"""


def _changelog(service: Service) -> str:
    return f"""# Changelog of {service.dist}

## Unreleased

- Generated layer from the 2024-08-06 Cloudflare OpenAPI spec with cloudflarefs overlays.
"""


def _init(service: Service) -> str:
    return f'''"""Management client for Cloudflare {service.title} (cloudflarefs).

The handwritten public layer ({service.class_stem}Client) builds on ``._generated``.
"""

from {service.module}._version import __version__

__all__ = ["__version__"]
'''


def scaffold(service: Service, root: Path) -> list[Path]:
    """Create missing skeleton files of ``service``'s package; returns what was written."""
    pkg = root / service.package_dir
    src = pkg / "src" / "cloudflarefs" / service.name / "management"
    files = {
        pkg / "pyproject.toml": _pyproject(service),
        pkg / "README.md": _readme(service),
        pkg / "CHANGELOG.md": _changelog(service),
        src / "_version.py": '__version__ = "0.1.0"\n',
        src / "py.typed": "",
        src / "__init__.py": _init(service),
    }
    written: list[Path] = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
