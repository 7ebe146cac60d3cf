"""The repository's pytest settings declare the plugin their asyncio_* options need.

Without pytest-asyncio, a newcomer must get one clear error naming it, not a PytestConfigWarning
about unknown options on every run followed by failing async tests.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), "-q", "-p", "no:cacheprovider", *args, str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip


def test_every_asyncio_option_has_its_plugin_required() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(k.startswith("asyncio_") for k in settings)
    assert any(p.startswith("pytest-asyncio") for p in settings["required_plugins"])
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["dev"]
    assert any(d.startswith("pytest-asyncio") for d in dev), "the dev group installs it"


def test_without_pytest_asyncio_pytest_names_it_instead_of_warning(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "-p", "no:asyncio")  # as if pytest-asyncio were not installed
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Missing required plugins: pytest-asyncio" in output, output
    assert "Unknown config option" not in output, output


def test_with_the_dev_group_there_is_no_config_warning(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "-W", "error::pytest.PytestConfigWarning")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unknown config option" not in done.stdout + done.stderr
