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


def _test(service: Service) -> str:
    return f'''"""Smoke tests of the generated layer (the generator's own tests cover it in depth)."""

from __future__ import annotations

import inspect

import pytest

from cloudflarefs.core.wire import ApiRequest
from {service.module}._generated import aio, client, operations


def _functions(prefix: str) -> set[str]:
    return {{
        name[len(prefix) :]
        for name, fn in inspect.getmembers(operations, inspect.isfunction)
        if name.startswith(prefix) and fn.__module__ == operations.__name__
    }}


def test_every_builder_has_a_parser() -> None:
    builders = _functions("build_")
    parsers = _functions("parse_")
    assert builders
    assert {{b.removesuffix("_stream") for b in builders}} == parsers


def test_builders_reject_empty_path_values() -> None:
    from cloudflarefs.core.errors import InvalidInputError

    for name, fn in inspect.getmembers(operations, inspect.isfunction):
        if not name.startswith("build_") or fn.__module__ != operations.__name__:
            continue
        params = inspect.signature(fn).parameters
        if "account_id" not in params:
            continue
        kwargs = {{p: "x" for p, v in params.items() if v.default is inspect.Parameter.empty}}
        kwargs["account_id"] = ""
        with pytest.raises(InvalidInputError):
            fn(**kwargs)


def test_sync_and_async_clients_have_the_same_resources() -> None:
    sync_root = next(c for n, c in inspect.getmembers(client, inspect.isclass) if n.startswith("Generated"))
    async_root = next(c for n, c in inspect.getmembers(aio, inspect.isclass) if n.startswith("AsyncGenerated"))
    sync_src = inspect.getsource(sync_root.__init__)
    async_src = inspect.getsource(async_root.__init__)
    assert sync_src.count("self.") == async_src.count("self.") > 0
    assert isinstance(ApiRequest("GET", "/x"), ApiRequest)
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
        pkg / "tests" / "test_generated.py": _test(service),
    }
    written: list[Path] = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
