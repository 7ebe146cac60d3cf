"""The README block extraction that .ci/run and the quickstart test rely on."""

from __future__ import annotations

import pytest
from readme_blocks import (
    QUICKSTART_MARKER,
    ReadmeError,
    extract_test_command,
    marked_blocks,
)

README = """\
# x

<!-- test-command -->
```sh
uv sync --all-packages --all-extras
# a comment
uv run pytest -q

```

<!-- quickstart:test -->
````python
print("```")
````
"""


def test_test_command_is_the_last_command_line() -> None:
    assert extract_test_command(README) == "uv run pytest -q"


def test_marked_blocks_honour_longer_fences() -> None:
    assert marked_blocks(README, QUICKSTART_MARKER) == ['print("```")\n']


def test_unmarked_blocks_are_ignored() -> None:
    assert marked_blocks("```python\nx = 1\n```\n", QUICKSTART_MARKER) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no markers here\n", "expected one"),
        (README + "\n<!-- test-command -->\n```sh\nuv run x\n```\n", "found 2"),
        ("<!-- test-command -->\n```sh\n# only a comment\n```\n", "empty"),
        ("<!-- test-command -->\nuv run pytest\n", "not followed by a code fence"),
        ("<!-- test-command -->\n```sh\nuv run pytest\n", "never closed"),
    ],
)
def test_malformed_readmes_are_refused(text: str, message: str) -> None:
    with pytest.raises(ReadmeError, match=message):
        extract_test_command(text)
