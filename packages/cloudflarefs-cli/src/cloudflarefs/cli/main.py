"""The ``cloudflarefs`` console script: subcommands come from the ``cloudflarefs.cli`` entry points.

Each entry point is a function ``register(subparsers)`` that adds its sub-parser and sets
``run=`` (a callable taking the parsed arguments and returning the exit status) as a default.
``cloudflarefs-cli`` registers ``deploy``, ``init``, ``secret`` and ``d1``; ``cloudflarefs-testing``
registers ``dev``, so ``cloudflarefs dev`` exists only where the harness is installed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Any, cast

from cloudflarefs.cli.errors import CliError
from cloudflarefs.core import CloudflareError

ENTRY_POINT_GROUP = "cloudflarefs.cli"

Register = Callable[[Any], None]


def build_parser() -> argparse.ArgumentParser:
    """The parser with every installed subcommand."""
    parser = argparse.ArgumentParser(
        prog="cloudflarefs", description="Python Workers: develop, deploy and manage."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        register = cast(Register, ep.load())
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cloudflarefs`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    run = cast(Callable[[argparse.Namespace], int], args.run)
    try:
        return run(args)
    except (CliError, CloudflareError) as err:
        print(f"cloudflarefs {args.command}: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
