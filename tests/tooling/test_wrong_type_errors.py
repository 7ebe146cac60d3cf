"""Every wrong-type argument raises InvalidInputTypeError (also a TypeError), never a bare
InvalidInputError: a guard over the handwritten sources of every package."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _mentions_a_type_name(node: ast.AST) -> bool:
    """Whether the message names the argument's type: ``type(x).__name__`` or ``kind(x)``."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and sub.attr == "__name__"
            and isinstance(sub.value, ast.Call)
            and isinstance(sub.value.func, ast.Name)
            and sub.value.func.id == "type"
        ):
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "kind":
            return True
    return False


def test_no_invalid_input_error_reports_a_wrong_type() -> None:
    offenders: list[str] = []
    sources = [p for p in ROOT.glob("packages/*/src/**/*.py") if "_generated" not in p.parts]
    assert len(sources) > 100
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "InvalidInputError"
                and any(_mentions_a_type_name(a) for a in node.args)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "use InvalidInputTypeError for wrong types:\n" + "\n".join(offenders)
