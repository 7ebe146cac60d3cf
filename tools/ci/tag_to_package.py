"""Turn a release tag ``<dist>-v<version>`` into the package it releases, and verify it.

``cloudflarefs-kv-management-v0.2.0`` releases ``packages/cloudflarefs-kv-management`` at
version 0.2.0. The tag must name a workspace package and agree with its ``_version.py``;
anything else is refused before a build starts.

Usage (the release workflow): ``python tools/ci/tag_to_package.py <tag>``; prints
``dist=<name>``, ``version=<version>`` and ``directory=<path>`` lines, suitable for
``$GITHUB_OUTPUT``, and exits 1 with a message on any mismatch.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from workspace_packages import ROOT, Package, load_packages, normalize

# A PEP 440 public version, e.g. 0.2.0, 1.0.0rc1, 0.3.0.post1, 2.0.0.dev3.
_VERSION = r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?"
_TAG = re.compile(rf"^(?:refs/tags/)?(?P<dist>[a-z0-9]+(?:-[a-z0-9]+)*)-v(?P<version>{_VERSION})$")


class TagError(ValueError):
    """The tag is malformed, names no package, or disagrees with the package's version."""


@dataclass(frozen=True)
class Release:
    """What a tag releases."""

    dist: str
    version: str
    directory: Path


def parse_tag(tag: str) -> tuple[str, str]:
    """Split ``<dist>-v<version>`` (optionally prefixed ``refs/tags/``) into its two parts."""
    match = _TAG.match(tag.strip())
    if match is None:
        raise TagError(
            f"tag {tag!r} is not of the form <dist>-v<version>, e.g. cloudflarefs-kv-management-v0.2.0"
        )
    return match.group("dist"), match.group("version")


def resolve(tag: str, packages: list[Package]) -> Release:
    """The release a tag names, checked against the workspace's packages."""
    dist, version = parse_tag(tag)
    by_name = {normalize(p.name): p for p in packages}
    package = by_name.get(normalize(dist))
    if package is None:
        raise TagError(f"tag {tag!r} names {dist!r}, which is not a package under packages/")
    declared = package.version
    if declared != version:
        raise TagError(
            f"tag {tag!r} says version {version} but {package.version_file} declares {declared}"
        )
    return Release(package.name, version, package.directory)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: tag_to_package.py <dist>-v<version>", file=sys.stderr)
        return 2
    try:
        release = resolve(args[0], load_packages(ROOT))
    except TagError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"dist={release.dist}")
    print(f"version={release.version}")
    print(f"directory={release.directory.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
