"""Typed construction and discovery, as pyright (strict, the repository's configuration) sees them.

``pass_construction.py`` must have 0 errors; ``fail_construction.py`` must have exactly the
errors its ``# error: <rule>`` comments name. A third file, written here from the installed
entry points, constructs every management client (sync and async) with typed options and gets it
from the unified client with ``service()``, so a new package is covered without editing a test.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYRIGHT = str(Path(sys.executable).parent / "pyright")


def pyright(*files: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [PYRIGHT, "--outputjson", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, Any] = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == len(files), report["summary"]
    return report


def errors(report: dict[str, Any]) -> list[tuple[int, str, str]]:
    return sorted(
        (d["range"]["start"]["line"] + 1, d.get("rule", ""), d["message"])
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    )


def test_typed_construction_and_discovery_check_cleanly() -> None:
    report = pyright(HERE / "pass_construction.py")
    assert errors(report) == []


def test_wrong_options_and_wrong_service_classes_are_errors() -> None:
    path = HERE / "fail_construction.py"
    expected = {
        number: match.group(1)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := re.search(r"# error: (\w+)$", line))
    }
    assert len(expected) == 7
    found = {line: rule for line, rule, _ in errors(pyright(path))}
    assert found == expected


def _clients(group: str) -> list[tuple[str, str, str]]:
    eps = sorted(importlib.metadata.entry_points(group=group), key=lambda ep: ep.name)
    return [(ep.name, *ep.value.split(":")) for ep in eps]


def test_every_management_client_has_typed_options_and_discovery(tmp_path: Path) -> None:
    sync = _clients("cloudflarefs.management")
    aio = _clients("cloudflarefs.management.aio")
    assert len(sync) >= 12 and len(aio) == len(sync)
    lines = [
        "from typing import assert_type",
        "import httpx",
        "from cloudflarefs.core.http import AsyncCloudflare, Cloudflare",
    ]
    body_sync = ["def check_sync(t: httpx.BaseTransport, cf: Cloudflare) -> None:"]
    body_aio = ["def check_async(t: httpx.AsyncBaseTransport, cf: AsyncCloudflare) -> None:"]
    for (name, module, cls), body, suffix in [
        *((entry, body_sync, "S") for entry in sync),
        *((entry, body_aio, "A") for entry in aio),
    ]:
        alias = f"{cls}_{name}_{suffix}"
        lines.append(f"from {module} import {cls} as {alias}")
        body += [
            f"    assert_type({alias}(api_token='t', account_id='a', transport=t, timeout=1.0), {alias})",
            f"    assert_type(cf.service({alias}), {alias})",
        ]
    path = tmp_path / "every_client.py"
    path.write_text("\n".join([*lines, *body_sync, *body_aio]) + "\n", encoding="utf-8")
    report = pyright(path)
    assert errors(report) == []
    # And a misspelt option is caught on each of them (the constructor is not ``**kwargs: Any``).
    bad = path.read_text(encoding="utf-8").replace("api_token=", "api_tokn=")
    path.write_text(bad, encoding="utf-8")
    assert len(errors(pyright(path))) == len(sync) + len(aio)
