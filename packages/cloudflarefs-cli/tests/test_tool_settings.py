"""``[tool.cloudflarefs]`` settings for Vectorize indexes and Hyperdrive configs to create.

Malformed settings fail with ``pyproject.toml`` and the field named, before any request; the plan
lines that creating them adds never hold a connection string.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.deploy import plan_deploy
from cloudflarefs.cli.errors import ConfigError

CONFIG = """name = "demo"
main = "src/entry.py"
compatibility_date = "2025-06-01"
[[vectorize]]
binding = "INDEX"
index_name = "docs"
[[hyperdrive]]
binding = "DB"
"""
ORIGIN = '[tool.cloudflarefs.hyperdrive.DB]\norigin_env = "DEMO_DB_URL"\n'
INDEX = '[tool.cloudflarefs.vectorize.docs]\ndimensions = 3\nmetric = "cosine"\n'


def _no_requests(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was made: {request.method} {request.url}")


def _project(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "wrangler.toml").write_text(CONFIG)
    (tmp_path / "pyproject.toml").write_text(settings)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "entry.py").write_text("x = 1\n")
    return tmp_path


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            ORIGIN + "[tool.cloudflarefs.vectorize.docs]\nmetric = 'cosine'\n",
            "vectorize.docs.dimensions: is required",
        ),
        (
            ORIGIN + "[tool.cloudflarefs.vectorize.docs]\ndimensions = 3\n",
            "vectorize.docs.metric: is required",
        ),
        (
            ORIGIN + INDEX.replace('"cosine"', '"manhattan"'),
            "vectorize.docs.metric: must be one of",
        ),
        (ORIGIN + INDEX.replace("3", "4096"), "vectorize.docs.dimensions: must be 1 to 1536"),
        (ORIGIN + INDEX.replace("3", "true"), "vectorize.docs.dimensions: must be an integer"),
        (
            ORIGIN + INDEX + 'preset = "@cf/baai/bge-small-en-v1.5"\n',
            "vectorize.docs.preset: give either",
        ),
        (ORIGIN + INDEX + "shards = 2\n", "vectorize.docs.shards: unknown setting"),
        (
            ORIGIN + INDEX.replace(".docs]", ".other]"),
            "vectorize.other: no [[vectorize]] binding uses",
        ),
        (
            INDEX + '[tool.cloudflarefs.hyperdrive.DB]\norigin_env = "not a name"\n',
            "hyperdrive.DB.origin_env: is required",
        ),
        (INDEX + ORIGIN.replace(".DB]", ".CACHE]"), "hyperdrive.CACHE: no [[hyperdrive]] binding"),
        (
            "[tool.cloudflarefs]\nvectorize = 3\n" + ORIGIN,
            "tool.cloudflarefs.vectorize: must be a table",
        ),
        (INDEX + ORIGIN + "[tool", "pyproject.toml: cannot be parsed"),
    ],
)
def test_bad_settings_are_refused_before_any_request(
    tmp_path: Path, settings: str, message: str
) -> None:
    path = _project(tmp_path, settings)
    with (
        Account(
            api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_no_requests)
        ) as account,
        pytest.raises(ConfigError) as info,
    ):
        plan_deploy(str(path), account)
    assert "pyproject.toml" in str(info.value)
    assert message in str(info.value)


def test_a_hyperdrive_binding_needs_an_id_or_an_origin(tmp_path: Path) -> None:
    path = _project(tmp_path, INDEX)
    with (
        Account(
            api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_no_requests)
        ) as account,
        pytest.raises(
            ConfigError, match=r"wrangler.toml: hyperdrive\[0\].id: is required \(or name"
        ),
    ):
        plan_deploy(str(path), account)


def _empty_account(request: httpx.Request) -> httpx.Response:
    # Reads only: no configs, no indexes, no script yet.
    if request.method != "GET":
        raise AssertionError(f"a change was made: {request.method} {request.url}")
    if request.url.path.endswith("/settings"):
        body: dict[str, Any] = {
            "success": False,
            "errors": [{"code": 10007, "message": "not found"}],
            "messages": [],
            "result": None,
        }
        return httpx.Response(404, json=body)
    return httpx.Response(200, json={"success": True, "errors": [], "messages": [], "result": []})


def test_the_plan_names_what_it_creates_without_the_connection_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _project(tmp_path, INDEX + ORIGIN)
    secret = "s3cr3t-pw"
    monkeypatch.setenv("DEMO_DB_URL", f"postgresql://app:{secret}@db.example:5432/books")
    with Account(
        api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_empty_account)
    ) as account:
        plan = plan_deploy(str(path), account)
    lines = plan.describe()
    assert "create Vectorize index 'docs' for vectorize[0] (INDEX): 3 dimensions, cosine" in lines
    assert (
        "create Hyperdrive config 'demo-DB' for hyperdrive[0] (DB): origin from $DEMO_DB_URL"
        in lines
    )
    assert secret not in repr(plan.creates) + "\n".join(lines)

    monkeypatch.setenv("DEMO_DB_URL", f"mysql+nonsense://app:{secret}@")
    with (
        Account(
            api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_empty_account)
        ) as account,
        pytest.raises(ConfigError) as info,
    ):
        plan_deploy(str(path), account)
    assert "tool.cloudflarefs.hyperdrive.DB.origin_env: DEMO_DB_URL" in str(info.value)
    assert secret not in str(info.value)
