"""Command line: ``python -m cloudflarefs_codegen {segment,generate,check,whole-spec,unasync}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cloudflarefs_codegen import unasync
from cloudflarefs_codegen.generate import (
    DEFAULT_SPEC,
    REPO_ROOT,
    check,
    generate_services,
    run_segment,
    whole_spec,
)
from cloudflarefs_codegen.services import BY_NAME
from cloudflarefs_codegen.spec import SpecError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cloudflarefs_codegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    seg = sub.add_parser("segment", help="cut per-service slices of a full spec into specs/")
    seg.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    seg.add_argument("--date", help="date recorded in SOURCE.json (default: from the file name)")
    seg.add_argument(
        "--allow-removed",
        action="store_true",
        help="accept slices that lose operations the committed slices have",
    )
    ref = sub.add_parser("refresh", help="segment a (newer) full spec, then generate everything")
    ref.add_argument("--spec", type=Path, required=True)
    ref.add_argument("--date", help="date recorded in SOURCE.json (default: from the file name)")
    ref.add_argument("--allow-removed", action="store_true")
    gen = sub.add_parser("generate", help="write the _generated/ layer of management packages")
    gen.add_argument(
        "--service", action="append", choices=sorted(BY_NAME), help="repeatable; default all"
    )
    chk = sub.add_parser("check", help="fail if regenerating would change anything")
    chk.add_argument(
        "--spec", type=Path, help="also re-segment this full spec and compare the slices"
    )
    whole = sub.add_parser(
        "whole-spec", help="generate every operation of a full spec, with a report"
    )
    whole.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    whole.add_argument("--out", type=Path, required=True)
    una = sub.add_parser("unasync", help="only derive the sync twins listed in tools/unasync.toml")
    una.add_argument("--check", action="store_true", help="fail if a derived file differs")
    una.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    return parser


def _report_drift(problems: list[str], what: str) -> int:
    if problems:
        print(f"{what} is out of date ({len(problems)} differences):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print("run tools/generate to refresh", file=sys.stderr)
        return 1
    print(f"{what} is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command in ("segment", "refresh"):
        for path in run_segment(args.spec, date=args.date, allow_removed=args.allow_removed):
            print(path)
        if args.command == "segment":
            return 0
        args.service = None
        args.command = "generate"
    if args.command == "generate":
        report = generate_services(args.service)
        print(report.summary(), end="")
        return 0
    if args.command == "check":
        return _report_drift(check(spec=args.spec), "generated code")
    if args.command == "unasync":
        if args.check:
            return _report_drift(unasync.check(args.root), "derived sync code")
        for path in unasync.run(args.root):
            print(path)
        return 0
    report = whole_spec(args.spec, args.out)
    print(report.summary(), end="")
    print(f"report: {args.out / 'report.json'}")
    return 1 if report.crashes else 0
