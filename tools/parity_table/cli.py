"""``tools/parity``: the parity table of the official SDK and ours (docs/management/parity.md).

    tools/parity official           re-read the installed official SDK into official-sdk.json
    tools/parity official --check   fail if official-sdk.json differs from the installed SDK
    tools/parity write              write docs/management/parity.md
    tools/parity check              fail if docs/management/parity.md is stale (CI)

``official`` runs with ``cloudflare==5.9.0`` in a throwaway environment (the shell wrapper
passes ``uv run --no-project --with``); ``write``/``check`` run in the workspace, with our
packages, from the committed ``official-sdk.json``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ours

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OFFICIAL = HERE / "official-sdk.json"
EXCLUSIONS = HERE / "exclusions.toml"
DOC = ROOT / "docs" / "management" / "parity.md"


def build_page(root: Path = ROOT, official_file: Path = OFFICIAL) -> tuple[str, list[str]]:
    """The page as it should be, and problems with the exclusions file."""
    import ours
    import table

    data = json.loads(official_file.read_text(encoding="utf-8"))
    exclusions = table.Exclusions.load(EXCLUSIONS)
    index, unreached = ours.collect(root, exclusions.handwritten)
    _report_unreached(unreached)
    rows, problems = table.match(data["services"], index, exclusions)
    page = table.render(
        data["sdk"], rows, table.ours_only(data["services"], index), data["no_tree"]
    )
    return page, problems


def _report_unreached(unreached: list[ours.Operation]) -> None:
    """Operations no public method reaches (private, or called in a way the reader cannot see)."""
    by_service: dict[str, list[str]] = {}
    for op in unreached:
        by_service.setdefault(op.service, []).append(op.builder)
    for service, names in sorted(by_service.items()):
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        print(
            f"note: {service}: {len(names)} operation(s) without a public method: {shown}",
            file=sys.stderr,
        )


def _official(check: bool) -> int:
    import official

    current = official.dump(official.extract())
    if not check:
        OFFICIAL.write_text(current, encoding="utf-8")
        print(f"wrote {OFFICIAL.relative_to(ROOT)}")
        return 0
    if OFFICIAL.read_text(encoding="utf-8") != current:
        print(
            f"{OFFICIAL.relative_to(ROOT)} differs from the installed SDK: run tools/parity official"
        )
        return 1
    print(f"{OFFICIAL.relative_to(ROOT)} matches the installed SDK")
    return 0


def _page(check: bool) -> int:
    page, problems = build_page()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    if not check:
        DOC.write_text(page, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
        return 0
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if committed == page:
        print(f"{DOC.relative_to(ROOT)} is up to date")
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(), page.splitlines(), "committed", "regenerated", lineterm="", n=0
    )
    print("\n".join(list(diff)[:40]))
    print(f"error: {DOC.relative_to(ROOT)} is stale: run tools/parity write", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tools/parity", description=(__doc__ or "").split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("official", help="re-read the installed SDK").add_argument(
        "--check", action="store_true", help="only compare with the committed file"
    )
    sub.add_parser("write", help="write docs/management/parity.md")
    sub.add_parser("check", help="fail if docs/management/parity.md is stale")
    args = parser.parse_args(argv)
    if args.command == "official":
        return _official(args.check)
    return _page(args.command == "check")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
