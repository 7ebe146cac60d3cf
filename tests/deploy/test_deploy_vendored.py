"""A Worker with a vendored pure-Python dependency (pywrangler's ``python_modules/`` layout).

``cloudflarefs deploy`` uploads ``python_modules/`` under that prefix (leaving out the
``*.dist-info`` metadata and pywrangler's markers); the local API serves it with the vendored
package importable, as the Python Workers runtime does.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from cloudflarefs.cli.bundle import build_bundle
from cloudflarefs.cli.project import load_project
from cloudflarefs.testing.local_api import LocalApi

from .conftest import Cli

ENTRY = """
from workers import Response, WorkerEntrypoint

import greetings
from helpers.text import shout


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(shout(greetings.hello("vendored")))
"""


def _project(root: Path, name: str) -> Path:
    (root / "src" / "helpers").mkdir(parents=True)
    (root / "src" / "entry.py").write_text(ENTRY)
    (root / "src" / "helpers" / "__init__.py").write_text("")
    (root / "src" / "helpers" / "text.py").write_text("def shout(s):\n    return s.upper()\n")
    (root / "wrangler.toml").write_text(
        f'name = "{name}"\nmain = "src/entry.py"\ncompatibility_date = "2025-06-01"\n'
        'compatibility_flags = ["python_workers"]\n'
    )
    (root / "pyproject.toml").write_text(
        '[project]\nname = "w"\nversion = "0"\ndependencies = ["greetings>=1"]\n'
    )
    vendor = root / "python_modules"
    (vendor / "greetings").mkdir(parents=True)
    (vendor / "greetings" / "__init__.py").write_text(
        "def hello(who):\n    return f'hello, {who}'\n"
    )
    info = vendor / "greetings-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: greetings\nVersion: 1.0\n")
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    (vendor / "pyvenv.cfg").write_text("")
    (vendor / ".synced").write_text("")
    return root


def test_vendored_dependency_is_uploaded_and_importable(
    cli: Cli, tmp_path: Path, local_api: LocalApi
) -> None:
    name = f"vendored-{uuid.uuid4().hex[:6]}"
    path = _project(tmp_path / "w", name)
    status, out = cli("deploy", str(path))
    assert status == 0, out
    assert "4 modules" in out
    assert [m.name for m in build_bundle(load_project(path)).modules] == [
        "entry.py",
        "helpers/__init__.py",
        "helpers/text.py",
        "python_modules/greetings/__init__.py",
    ]
    assert httpx.get(local_api.worker_url, timeout=60).text == "HELLO, VENDORED"
