"""MkDocs hook: list every service page under the "Services" section of the nav.

Service pages live in ``docs/runtime/<svc>.md`` and ``docs/management/<svc>.md``, written by the
engineers of each package; this hook adds them (sorted, titled by their first heading) so that
adding a page never means editing ``mkdocs.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SECTION = "Services"
LAYERS = {"runtime": "Runtime", "management": "Management"}


def on_config(config: Any) -> Any:
    """Append the discovered pages to the ``Services`` entry of the configured nav."""
    docs_dir = Path(config["docs_dir"])
    nav: list[Any] = config["nav"] or []
    entries: list[Any] | None = None
    for entry in nav:
        if isinstance(entry, dict) and SECTION in entry:
            section: dict[str, list[Any]] = entry  # pyright: ignore[reportUnknownVariableType]
            entries = section[SECTION]
    if entries is None:
        return config
    for directory, title in LAYERS.items():
        pages = sorted((docs_dir / directory).glob("*.md"))
        if pages:
            entries.append({title: [p.relative_to(docs_dir).as_posix() for p in pages]})
    return config
