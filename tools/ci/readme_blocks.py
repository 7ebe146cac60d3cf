"""Read marked fenced code blocks out of README.md, so CI runs exactly what the README says.

A block is marked by an HTML comment on the line before its opening fence::

    <!-- test-command -->
    ```sh
    uv sync --all-packages --all-extras
    uv run pytest
    ```

The test command is the last command line of the ``test-command`` block; the lines before it
are setup that CI performs itself (with ``--locked``). Quickstart snippets that the test-suite
executes are marked ``<!-- quickstart:test -->``.

Usage: ``python tools/ci/readme_blocks.py test-command [README.md]``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from workspace_packages import ROOT

TEST_COMMAND_MARKER = "test-command"
QUICKSTART_MARKER = "quickstart:test"

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


class ReadmeError(ValueError):
    """The README lacks a marked block, or the block is malformed."""


def marked_blocks(text: str, marker: str) -> list[str]:
    """The bodies of the fenced blocks preceded by ``<!-- marker -->``, in order."""
    lines = text.splitlines()
    tag = f"<!-- {marker} -->"
    blocks: list[str] = []
    for index, line in enumerate(lines):
        if line.strip() != tag:
            continue
        opening = _FENCE.match(lines[index + 1].strip()) if index + 1 < len(lines) else None
        if opening is None:
            raise ReadmeError(f"line {index + 1}: {tag} is not followed by a code fence")
        fence = opening.group("fence")
        body: list[str] = []
        for inner in lines[index + 2 :]:
            if inner.strip() == fence:
                break
            body.append(inner)
        else:
            raise ReadmeError(f"line {index + 2}: code fence after {tag} is never closed")
        blocks.append("\n".join(body) + "\n")
    return blocks


def extract_test_command(text: str) -> str:
    """The test command: the last non-comment line of the single ``test-command`` block."""
    blocks = marked_blocks(text, TEST_COMMAND_MARKER)
    if len(blocks) != 1:
        raise ReadmeError(f"expected one <!-- {TEST_COMMAND_MARKER} --> block, found {len(blocks)}")
    commands = [
        line.strip()
        for line in blocks[0].splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    if not commands:
        raise ReadmeError(f"the <!-- {TEST_COMMAND_MARKER} --> block is empty")
    return commands[-1]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "test-command" or len(args) > 2:
        print("usage: readme_blocks.py test-command [README.md]", file=sys.stderr)
        return 2
    readme = Path(args[1]) if len(args) == 2 else ROOT / "README.md"
    try:
        print(extract_test_command(readme.read_text()))
    except ReadmeError as error:
        print(f"{readme}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
