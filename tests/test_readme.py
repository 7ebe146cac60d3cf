"""The README's quickstart runs and prints what the README says it prints.

The snippet is the ``<!-- quickstart:test -->`` block and its expected output the
``<!-- quickstart:output -->`` block, both read from README.md, so the README cannot rot.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "ci"))

from readme_blocks import (  # noqa: E402  (tools/ci is not a package)
    QUICKSTART_MARKER,
    extract_test_command,
    marked_blocks,
)

README = (ROOT / "README.md").read_text()
VENV = "/tmp/cloudflarefs-quickstart"


def test_readme_has_the_quickstart_and_its_output() -> None:
    assert len(marked_blocks(README, QUICKSTART_MARKER)) == 1
    assert len(marked_blocks(README, "quickstart:output")) == 1


def test_quickstart_prints_what_the_readme_shows(tmp_path: Path) -> None:
    (snippet,) = marked_blocks(README, QUICKSTART_MARKER)
    (expected,) = marked_blocks(README, "quickstart:output")
    script = tmp_path / "quickstart.py"
    script.write_text(snippet)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert "quickstart-token" not in result.stdout + result.stderr


def test_quickstart_verbatim_in_a_fresh_venv(tmp_path: Path) -> None:
    """The install commands as written (only the venv location moved), then the snippet."""
    (install,) = marked_blocks(README, "quickstart:install")
    assert VENV in install
    venv = tmp_path / "venv"
    # Activation is checked by `command -v python` resolving into the venv afterwards.
    script = install.replace(VENV, str(venv)) + "command -v python\n"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(f"{venv}/bin/python")
    python = venv / "bin" / "python"
    (snippet,) = marked_blocks(README, QUICKSTART_MARKER)
    (expected,) = marked_blocks(README, "quickstart:output")
    (tmp_path / "quickstart.py").write_text(snippet)
    ran = subprocess.run(
        [python, "quickstart.py"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == expected


def test_test_command_is_uv_run_pytest() -> None:
    # .ci/run executes exactly this line; the task fixes it as the project's one test command.
    assert extract_test_command(README) == "uv run pytest"
    (block,) = marked_blocks(README, "test-command")
    assert block == "uv run pytest\n"


def test_readme_opens_with_uv_then_the_two_commands() -> None:
    """The first section says how to get uv, then shows the start and test commands, in order."""
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("Start\n")
    uv_line = first_section.index("curl -LsSf https://astral.sh/uv/install.sh | sh")
    start = first_section.index("<!-- start-command -->")
    test = first_section.index("<!-- test-command -->")
    assert uv_line < start < test
    assert marked_blocks(README, "start-command") == ["uv run cloudflarefs dev\n"]
