"""``cloudflarefs deploy [DIR] [--dry-run]``."""

from __future__ import annotations

import argparse
from typing import Any

from cloudflarefs.cli.account import Account, add_account_arguments
from cloudflarefs.cli.deploy import execute, plan_deploy

_CHANGES = ("create ", "upload ", "attach ")


def _say(line: str) -> None:
    print(f"[cloudflarefs deploy] {line}", flush=True)


def run(args: argparse.Namespace) -> int:
    """Plan, print, and (unless ``--dry-run``) execute."""
    with Account.from_args(args) as account:
        plan = plan_deploy(str(args.path), account)
        if args.dry_run:
            for line in plan.describe():
                _say(f"would {line}" if line.startswith(_CHANGES) else line)
            return 0
        if plan.unchanged:
            _say(plan.describe()[-1])
            return 0
        execute(plan, account, _say)
    return 0


def register(sub: Any) -> None:
    """Add ``deploy`` to the ``cloudflarefs`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "deploy", help="deploy a Python Worker (creates the resources its bindings name)"
    )
    p.add_argument("path", nargs="?", default=".", help="Worker directory or wrangler config")
    p.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    add_account_arguments(p)
    p.set_defaults(run=run)
