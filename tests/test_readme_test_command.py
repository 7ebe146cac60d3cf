"""The README's test command works verbatim in a fresh clone.

Running the whole suite inside the suite would recurse (and take as long as the suite), so the
``test-command`` block (``uv run pytest``) runs verbatim in a fresh clone
(``tools/ci/fresh_clone.py``: the working tree's files, nothing ignored, so no ``.venv``) with a
fresh HOME, twice, narrowed only through ``PYTEST_ADDOPTS``, the environment variable pytest
documents for adding command-line options:

1. ``--collect-only -q``: uv creates the clone's environment from nothing and pytest collects the
   whole suite without an error, so every test module of every package imports there (over a
   thousand tests, not one package's);
2. one small test module, which must run and pass there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "ci"))

from fresh_clone import fresh_clone, new_user_env  # noqa: E402  (tools/ci is not a package)
from readme_blocks import marked_blocks  # noqa: E402

README = (ROOT / "README.md").read_text()
SMALL_MODULE = "tests/tooling/test_readme_blocks.py"
COLLECTED = re.compile(r"^(\d+) tests? collected", re.MULTILINE)


def run_test_command(clone: Path, env: dict[str, str], addopts: str) -> str:
    (command,) = marked_blocks(README, "test-command")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=clone,
        env={**env, "PYTEST_ADDOPTS": addopts},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


def test_test_command_verbatim_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path / "cloudflarefs")
    assert not (clone / ".venv").exists()
    env = new_user_env(tmp_path / "home")

    collected = run_test_command(clone, env, "--collect-only -q")
    found = COLLECTED.search(collected)
    assert found, collected[-2000:]
    assert "error" not in collected.lower().split("tests collected")[-1], collected[-2000:]
    assert int(found.group(1)) > 1000  # the whole suite, not one package's tests

    ran = run_test_command(clone, env, f"-q {SMALL_MODULE}")
    assert re.search(r"^\d+ passed", ran, re.MULTILINE), ran
    assert "failed" not in ran and "error" not in ran, ran
