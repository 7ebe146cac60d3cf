"""``cloudflarefs`` commands against the local API (one harness and API server per session)."""

from __future__ import annotations

import io
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cloudflarefs.cli.main import main
from cloudflarefs.testing.local_api import LocalApi

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"

Cli = Callable[..., tuple[int, str]]


@pytest.fixture(scope="session")
def local_api() -> Iterator[LocalApi]:
    """The local API with its own harness."""
    with LocalApi() as api:
        yield api


@pytest.fixture
def cli(
    local_api: LocalApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    """Run ``cloudflarefs ARGS...`` in-process against the local API; returns (status, output)."""
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "local-token")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", local_api.account_id)
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", local_api.base_url)

    def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(list(args))
        out = capsys.readouterr()
        return status, out.out + out.err

    return run


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of a sample with a unique Worker name (so tests do not share scripts)."""

    def copy(sample: str) -> Path:
        target = tmp_path / sample
        shutil.copytree(SAMPLES / sample, target, ignore=shutil.ignore_patterns("__pycache__"))
        config = target / "wrangler.toml"
        unique = f"{sample}-{uuid.uuid4().hex[:6]}"
        config.write_text(config.read_text().replace(f'name = "{sample}"', f'name = "{unique}"', 1))
        return target

    return copy
