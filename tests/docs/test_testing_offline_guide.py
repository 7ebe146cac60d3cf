"""The snippets of docs/runtime/testing-offline.md run as a test module and all pass.

Every ``<!-- testing-offline:test -->`` block is copied, in order, into one test module that
pytest runs from the repository root (the guide loads ``docs/samples/kv-d1-worker`` by a
relative path), so the guide's examples cannot drift from the harness.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "ci"))

from readme_blocks import marked_blocks  # noqa: E402  (tools/ci is not a package)

GUIDE = ROOT / "docs" / "runtime" / "testing-offline.md"
MARKER = "testing-offline:test"


def snippets() -> list[str]:
    return marked_blocks(GUIDE.read_text(), MARKER)


def test_the_guide_has_its_tested_snippets() -> None:
    names = re.findall(r"^(?:async )?def (test_\w+)", "\n".join(snippets()), re.MULTILINE)
    assert names == [
        "test_kv_and_d1",
        "test_sample_worker",
        "test_queue_consumer",
        "test_python_durable_object",
        "test_counter_object",
    ]


def test_the_guides_snippets_pass(tmp_path: Path) -> None:
    module = tmp_path / "test_guide_snippets.py"
    module.write_text("\n\n".join(snippets()))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(module), "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout, result.stdout
