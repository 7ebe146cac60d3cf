"""Bad projects fail with the file and field named, before any request is made."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.deploy import plan_deploy
from cloudflarefs.cli.errors import ConfigError
from cloudflarefs.cli.init_command import init_project

GOOD = """name = "demo"
main = "src/entry.py"
compatibility_date = "2025-06-01"
compatibility_flags = ["python_workers"]
"""


def _no_requests(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was made: {request.method} {request.url}")


def _plan(path: Path) -> None:
    with Account(
        api_token="t", account_id="a" * 32, transport=httpx.MockTransport(_no_requests)
    ) as account:
        plan_deploy(str(path), account)


def _project(tmp_path: Path, config: str, *, entry: bool = True) -> Path:
    (tmp_path / "wrangler.toml").write_text(config)
    if entry:
        (tmp_path / "src").mkdir()
        (tmp_path / "src" / "entry.py").write_text("x = 1\n")
    return tmp_path


@pytest.mark.parametrize(
    ("config", "entry", "field"),
    [
        ('name = "demo"\nmain = [', True, "cannot be parsed"),
        (GOOD + '[[browserz]]\nbinding = "B"\n', True, "browserz: unknown binding type"),
        (GOOD, False, "main: entry module 'src/entry.py' does not exist"),
        (GOOD + '[[kv_namespaces]]\nid = "x"\n', True, "kv_namespaces[0].binding: is required"),
        (GOOD + '[[r2_buckets]]\nbinding = "B"\n', True, "r2_buckets[0].bucket_name"),
        (GOOD.replace("2025-06-01", "2025-13-01"), True, "compatibility_date"),
        (
            GOOD
            + '[[kv_namespaces]]\nbinding = "A"\n[[r2_buckets]]\nbinding = "A"\nbucket_name = "b"\n',
            True,
            "also used by",
        ),
    ],
)
def test_bad_config_is_refused_before_any_request(
    tmp_path: Path, config: str, entry: bool, field: str
) -> None:
    path = _project(tmp_path, config, entry=entry)
    with pytest.raises(ConfigError) as info:
        _plan(path)
    assert "wrangler.toml" in str(info.value)
    assert field in str(info.value)


def test_compiled_dependency_without_a_pyodide_build_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path, GOOD)
    info = path / "python_modules" / "fastlib-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nTag: cp312-cp312-manylinux_2_17_x86_64\n")
    (path / "python_modules" / "fastlib.py").write_text("")
    with pytest.raises(ConfigError, match=r"WHEEL: Tag: .*manylinux"):
        _plan(path)
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nTag: py3-none-any\n")
    (path / "python_modules" / "fastlib").mkdir()
    (path / "python_modules" / "fastlib" / "_speedups.cpython-312-x86_64-linux-gnu.so").write_bytes(
        b""
    )
    with pytest.raises(ConfigError, match="compiled extension"):
        _plan(path)


def test_declared_dependency_must_be_vendored(tmp_path: Path) -> None:
    path = _project(tmp_path, GOOD)
    (path / "pyproject.toml").write_text('[project]\nname = "demo"\ndependencies = ["Jinja2>=3"]\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: project.dependencies: .*'jinja2'"):
        _plan(path)


def test_init_copies_a_sample_and_names_the_worker(tmp_path: Path) -> None:
    target = init_project("my-notes", "kv-d1-worker", tmp_path / "my-notes")
    assert 'name = "my-notes"' in (target / "wrangler.toml").read_text()
    assert (target / "src" / "entry.py").is_file()
    with pytest.raises(Exception, match="unknown template"):
        init_project("x", "nope", tmp_path / "x")
    shutil.rmtree(target)
