"""Extract a function's source so it can be shipped into Pyodide and run there."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class ImportStatement:
    """A top-level import of the test module, replayed (best effort) inside Pyodide."""

    source: str
    lineno: int


@attrs.frozen
class FunctionSource:
    """A function definition plus what it needs to run and to report good tracebacks."""

    source: str
    name: str
    filename: str = "<cloudflarefs>"
    lineno: int = 1
    imports: tuple[ImportStatement, ...] = ()
    file_source: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """The JSON payload of the harness ``run`` command."""
        return {
            "source": self.source,
            "name": self.name,
            "filename": self.filename,
            "lineno": self.lineno,
            "imports": [{"source": i.source, "lineno": i.lineno} for i in self.imports],
            "file_source": self.file_source,
        }


def _unwrap(fn: Callable[..., Any]) -> Callable[..., Any]:
    # Decorators such as run_in_worker keep the original in __wrapped__.
    inner: Any = fn
    while hasattr(inner, "__wrapped__"):
        inner = inner.__wrapped__
    return inner


def function_source(fn: Callable[..., Any]) -> FunctionSource:
    """Source of ``fn`` without its decorators, plus its module's top-level imports.

    Only the function body travels: it sees the module's imports (those importable in Pyodide)
    but not other module-level names.
    """
    fn = _unwrap(fn)
    lines, start = inspect.getsourcelines(fn)
    text = textwrap.dedent("".join(lines))
    tree = ast.parse(text)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    # node.lineno is the `def` line; everything above it is decorators.
    body = "".join(text.splitlines(keepends=True)[node.lineno - 1 :])
    filename = inspect.getsourcefile(fn) or "<cloudflarefs>"
    imports: tuple[ImportStatement, ...] = ()
    file_source: str | None = None
    if Path(filename).is_file():
        file_source = Path(filename).read_text()
        imports = module_imports(file_source)
    return FunctionSource(
        source=body,
        name=node.name,
        filename=filename,
        lineno=start + node.lineno - 1,
        imports=imports,
        file_source=file_source,
    )


def module_imports(module_source: str) -> tuple[ImportStatement, ...]:
    """Top-level ``import``/``from ... import`` statements of a module, in order."""
    tree = ast.parse(module_source)
    out: list[ImportStatement] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            segment = ast.get_source_segment(module_source, node)
            if segment:
                out.append(ImportStatement(source=segment, lineno=node.lineno))
    return tuple(out)
