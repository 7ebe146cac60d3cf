"""``cloudflarefs init NAME [--template SAMPLE]``: a new project from one of the samples.

Templates are the Workers under ``docs/samples/``. A wheel ships them as package data
(``cloudflarefs/cli/templates/``, copied in by ``hatch_build.py``); in a source checkout (an
editable install) they are read from ``docs/samples`` directly.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path
from typing import Any

from cloudflarefs.cli.errors import CliError

DEFAULT_TEMPLATE = "kv-d1-worker"
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", ".dev.vars")


def templates_dir() -> Path:
    """Where the templates are: package data, else the checkout's ``docs/samples``."""
    shipped = Path(__file__).parent / "templates"
    if shipped.is_dir():
        return shipped
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "docs" / "samples"
        if candidate.is_dir():
            return candidate
    raise CliError("no templates found (this installation lacks cloudflarefs/cli/templates)")


def available_templates() -> list[str]:
    """Names of the templates (samples with a wrangler config)."""
    root = templates_dir()
    return sorted(p.parent.name for p in root.glob("*/wrangler.*"))


def init_project(name: str, template: str, target: Path) -> Path:
    """Copy ``template`` to ``target`` and name the Worker ``name``; returns ``target``.

    Raises:
        CliError: unknown template, bad name, or ``target`` exists.
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", name):
        raise CliError(f"{name!r}: a Worker name is lowercase letters, digits and dashes")
    names = available_templates()
    if template not in names:
        raise CliError(f"unknown template {template!r}; choose one of {', '.join(names)}")
    if target.exists():
        raise CliError(f"{target} already exists")
    shutil.copytree(templates_dir() / template, target, ignore=_IGNORE)
    for config in target.glob("wrangler.*"):
        text = config.read_text()
        if config.suffix == ".toml":
            text = re.sub(r'(?m)^name\s*=\s*"[^"]*"', f'name = "{name}"', text, count=1)
        else:
            text = re.sub(r'"name"\s*:\s*"[^"]*"', f'"name": "{name}"', text, count=1)
        config.write_text(text)
    return target


def run(args: argparse.Namespace) -> int:
    """Create the project and say where."""
    target = Path(args.directory or args.name)
    init_project(str(args.name), str(args.template), target)
    print(f"[cloudflarefs init] created {target} from template {args.template!r}")
    print(f"[cloudflarefs init] next: cloudflarefs dev {target}  /  cloudflarefs deploy {target}")
    return 0


def register(sub: Any) -> None:
    """Add ``init`` to the ``cloudflarefs`` parser."""
    p: argparse.ArgumentParser = sub.add_parser("init", help="create a project from a sample")
    p.add_argument("name", help="the Worker's name (also the directory, unless --directory)")
    p.add_argument(
        "--template", default=DEFAULT_TEMPLATE, help=f"sample (default {DEFAULT_TEMPLATE})"
    )
    p.add_argument("--directory", default=None, help="where to create it (default: NAME)")
    p.set_defaults(run=run)
