"""Generated models are built on first access: importing a package builds none it does not use.

Modules that name models (``operations.py``, ``client.py``, ``aio.py``) import them for type
checkers only and reach them at run time as ``_models.Name``. A bare run-time use of a model
name would be a ``NameError`` that no type checker sees, so every generated module is walked
here: outside annotations and ``if TYPE_CHECKING:`` blocks, no model name may be loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GENERATED = sorted(ROOT.glob("packages/*-management/src/cloudflarefs/*/management/_generated"))


def _models_of(generated: Path) -> set[str]:
    """Names of the attrs models (``@define``-decorated classes) of a ``models.py``."""
    tree = ast.parse((generated / "models.py").read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "define"
            for d in node.decorator_list
        )
    }


def _runtime_names(tree: ast.Module) -> set[str]:
    """Names loaded by code that runs: annotations and TYPE_CHECKING blocks are skipped."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.add(node.id)
        for name, child in ast.iter_fields(node):
            if name in ("annotation", "returns"):
                continue
            items: list[object] = child if isinstance(child, list) else [child]  # pyright: ignore[reportUnknownVariableType]
            for item in items:
                if isinstance(item, ast.AST):
                    visit(item)

    visit(tree)
    return found


def test_every_package_is_checked() -> None:
    assert len(GENERATED) >= 12


@pytest.mark.parametrize("generated", GENERATED, ids=lambda p: p.parents[1].name)
def test_no_bare_run_time_model_names(generated: Path) -> None:
    models = _models_of(generated)
    for name in ("operations.py", "client.py", "aio.py"):
        tree = ast.parse((generated / name).read_text(encoding="utf-8"))
        assert not _runtime_names(tree) & models, f"{generated.parents[1].name}/{name}"


def test_the_check_finds_a_bare_model_name() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from m import Key\n"
        "def parse(x: Key) -> list[Key]:\n    return structure(x, list[Key])\n"
    )
    assert "Key" in _runtime_names(tree)
    clean = ast.parse("def parse(x: Key) -> Key:\n    return structure(x, _models.Key)\n")
    assert "Key" not in _runtime_names(clean)


def test_a_kv_client_and_its_first_list_build_only_key_and_never_import_cattrs() -> None:
    # kv's __init__ exports its models lazily, so this is the generated layer's own doing.
    code = (
        "import sys\n"
        "from cloudflarefs.kv.management import KVClient\n"
        "from cloudflarefs.kv.management._generated import models, operations\n"
        "kv = KVClient(api_token='t', account_id='a')\n"
        "import enum\n"
        "def built():\n"
        "    return sorted(n for n in models.__all__ if n in vars(models)\n"
        "                  and not issubclass(vars(models)[n], enum.Enum))\n"
        "print(built(), end=' ')\n"
        "operations.convert_keys_list_item({'name': 'k', 'expiration': 1})\n"
        "print(built(), 'cattrs' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Enums are plain classes, always there; of the attrs models only ``Key`` is built.
    assert out.stdout.strip() == "[] ['Key'] False"


def test_a_model_is_built_with_the_models_its_fields_name() -> None:
    code = (
        "import attrs\n"
        "from cloudflarefs.kv.management._generated import models as m\n"
        "assert 'Query' not in vars(m) and 'AnalyticsQueryStoredResult' not in vars(m)\n"
        "cls = m.AnalyticsQueryStoredResult\n"
        "assert attrs.has(cls) and attrs.has(vars(m)['Query'])\n"
        "assert attrs.fields_dict(attrs.resolve_types(cls))['query'].type is m.Query\n"
        "assert 'Namespace' not in vars(m) and 'Namespace' in dir(m)\n"
        "print(cls.__module__, cls.__qualname__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "cloudflarefs.kv.management._generated.models",
        "AnalyticsQueryStoredResult",
    ]
