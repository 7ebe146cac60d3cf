"""Ship ``docs/samples`` as ``cloudflarefs init``'s templates (package data).

From the repository, the samples are copied in (wheel: ``cloudflarefs/cli/templates``; sdist:
``src/cloudflarefs/cli/templates``, so a wheel built from the sdist has them too). From an
unpacked sdist there is no ``../../docs/samples`` and the copy already in ``src/`` is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SAMPLES = Path(__file__).resolve().parent.parent.parent / "docs" / "samples"


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the samples to the build when building from the repository."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # An editable install reads the checkout's docs/samples directly; copying them into
        # site-packages would make the samples' modules part of cloudflarefs.cli (and break the
        # import contracts, which analyse the installed namespace).
        if not SAMPLES.is_dir() or version == "editable":
            return
        target = "cloudflarefs/cli/templates"
        if self.target_name == "sdist":
            target = "src/" + target
        for path in sorted(SAMPLES.rglob("*")):
            rel = path.relative_to(SAMPLES)
            if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc":
                build_data["force_include"][str(path)] = f"{target}/{rel.as_posix()}"
