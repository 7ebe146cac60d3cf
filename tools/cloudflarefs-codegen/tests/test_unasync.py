"""The unasync rewrite: keywords, the name table, strings, pragmas, and drift detection."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cloudflarefs_codegen import unasync
from cloudflarefs_codegen.cli import main
from cloudflarefs_codegen.generate import REPO_ROOT
from cloudflarefs_codegen.unasync import DEFAULT_REPLACEMENTS, Pair, rewrite

PAIR = Pair(
    source="pkg/aio.py",
    target="pkg/client.py",
    replacements={
        **DEFAULT_REPLACEMENTS,
        "AsyncWidgets": "Widgets",
        "cloudflarefs.core.http.aio": "cloudflarefs.core.http.client",
        "AsyncHttpClient": "HttpClient",
    },
    text={"Awaits the": "Returns the"},
)


def _rw(code: str) -> str:
    return rewrite(textwrap.dedent(code), PAIR)


def test_keywords_are_removed_with_their_blank() -> None:
    out = _rw(
        """\
        async def f(client):
            async with client as c:
                async for item in c.items():
                    x = await   c.get(item)
            return [y async for y in await c.all()]
        """
    )
    assert out == textwrap.dedent(
        """\
        def f(client):
            with client as c:
                for item in c.items():
                    x = c.get(item)
            return [y for y in c.all()]
        """
    )


def test_protocol_names_and_builtins_are_mapped() -> None:
    out = _rw(
        """\
        class W:
            async def __aenter__(self): return self
            async def __aexit__(self, *a): await self.aclose()
            def __aiter__(self): return self
            async def __anext__(self): raise StopAsyncIteration
        async def first(it: AsyncIterator[int]) -> int:
            return await anext(it)
        """
    )
    for name in ("__enter__", "__exit__", "self.close()", "__iter__", "__next__", "StopIteration"):
        assert name in out
    assert "def first(it: Iterator[int]) -> int:\n    return next(it)" in out
    assert "async" not in out and "await" not in out and "__a" not in out


def test_dotted_names_take_the_longest_match() -> None:
    out = _rw(
        """\
        import asyncio
        import httpx
        from cloudflarefs.core.http.aio import AsyncHttpClient
        async def pause(c: httpx.AsyncClient) -> None:
            await asyncio.sleep(1)
        x = other.aio  # a bare `aio` is not in the table: untouched
        """
    )
    assert "from cloudflarefs.core.http.client import HttpClient" in out
    assert "def pause(c: httpx.Client) -> None:\n    time.sleep(1)" in out
    assert "x = other.aio" in out
    # Only `asyncio.sleep` is mapped: the import stays for the caller's table to decide.
    assert "import asyncio" in out


def test_strings_and_comments_use_text_then_whole_words() -> None:
    out = _rw(
        '''\
        def get():
            """Awaits the AsyncWidgets listing; see AsyncWidgetsExtra and httpx.AsyncClient."""
            # AsyncWidgets, not MyAsyncWidgets
            return "AsyncWidgets"
        '''
    )
    assert '"""Returns the Widgets listing; see AsyncWidgetsExtra and httpx.Client."""' in out
    assert "# Widgets, not MyAsyncWidgets" in out
    assert 'return "Widgets"' in out


def test_pragmas_drop_async_only_blocks_and_enable_sync_only_lines() -> None:
    out = _rw(
        """\
        def f():
            # unasync: async-only
            import asyncio
            lock = asyncio.Lock()
            # unasync: end
            # unasync: sync-only lock = threading.Lock()
            return lock
        """
    )
    assert out == "def f():\n    lock = threading.Lock()\n    return lock\n"


def test_unbalanced_pragma_is_an_error() -> None:
    with pytest.raises(ValueError, match="without a matching"):
        _rw("# unasync: async-only\nx = 1\n")


def test_code_without_async_or_table_names_is_unchanged() -> None:
    code = Path(unasync.__file__).read_text(encoding="utf-8")
    plain = Pair(source="a", target="b", replacements={}, text={})
    assert rewrite(code, plain) == code


ASYNC_MODULE = '''\
"""An async widget client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import TracebackType

import httpx

__all__ = ["AsyncWidgets"]


class AsyncWidgets:
    """Lists widgets; close it with ``await aclose()`` or ``async with``."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def get(self, name: str) -> bytes:
        """The widget ``name``'s body."""
        response = await self._client.get(f"/widgets/{name}")
        return await response.aread()

    async def each(self, names: list[str]) -> AsyncIterator[bytes]:
        """Each widget's body, pausing between them."""
        for name in names:
            yield await self.get(name)
            await asyncio.sleep(0)

    async def aclose(self) -> None:
        """Close the underlying client."""
        await self._client.aclose()

    async def __aenter__(self) -> AsyncWidgets:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
'''

CONFIG = """\
[[pair]]
source = "pkg/aio.py"
target = "pkg/client.py"
[pair.replacements]
AsyncWidgets = "Widgets"
asyncio = "time"
[pair.text]
"An async widget client" = "A widget client"
"``await aclose()`` or ``async with``" = "``close()`` or ``with``"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny repository: the ruff configuration, tools/unasync.toml and one async module."""
    shutil.copyfile(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "unasync.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "aio.py").write_text(ASYNC_MODULE, encoding="utf-8")
    return tmp_path


def test_derived_module_has_header_and_sync_body(project: Path) -> None:
    [written] = unasync.run(project)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Generated by tools/generate (unasync) from pkg/aio.py.\n")
    assert '"""A widget client."""' in text
    assert "import time\n" in text and "asyncio" not in text
    assert "from collections.abc import Iterator\n" in text
    assert "def each(self, names: list[str]) -> Iterator[bytes]:" in text
    assert "yield self.get(name)\n            time.sleep(0)" in text
    assert "def __enter__(self) -> Widgets:" in text
    body = text.split("\n", 2)[2]  # after the two header lines, which name the async source
    assert "async" not in body and "await" not in body


def test_derived_module_is_ruff_and_pyright_strict_clean(project: Path) -> None:
    [written] = unasync.run(project)
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(project / "pyproject.toml")]
    subprocess.run([*ruff, "check", *config, str(written)], check=True, cwd=project)
    subprocess.run([*ruff, "format", "--check", *config, str(written)], check=True, cwd=project)
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert pyright is not None
    proc = subprocess.run(
        [pyright, "--pythonpath", sys.executable, str(written)],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )
    # The project's pyproject sets strict mode; its include globs do not matter for a file argument.
    assert proc.returncode == 0, proc.stdout
    assert "0 errors" in proc.stdout


def test_check_passes_when_fresh_and_reports_a_hand_edit(project: Path) -> None:
    [written] = unasync.run(project)
    assert unasync.check(project) == []
    assert main(["unasync", "--check", "--root", str(project)]) == 0

    # Someone "fixes" the sync copy by hand: the check must catch it.
    written.write_text(
        written.read_text(encoding="utf-8").replace("time.sleep(0)", "time.sleep(1)"),
        encoding="utf-8",
    )
    [problem] = unasync.check(project)
    assert problem.startswith("pkg/client.py: differs from the unasync rewrite of pkg/aio.py")
    assert main(["unasync", "--check", "--root", str(project)]) == 1

    # A change to the async source alone is drift too, until regenerated.
    unasync.run(project)
    source = project / "pkg" / "aio.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nLIMIT = 3\n", encoding="utf-8")
    assert len(unasync.check(project)) == 1
    unasync.run(project)
    assert unasync.check(project) == []


def test_missing_target_is_drift_and_missing_source_an_error(project: Path) -> None:
    assert unasync.check(project) == ["pkg/client.py: missing (derived from pkg/aio.py)"]
    (project / "pkg" / "aio.py").unlink()
    with pytest.raises(FileNotFoundError, match=r"pkg/aio\.py does not exist"):
        unasync.check(project)


def test_unknown_pair_keys_are_rejected(project: Path) -> None:
    (project / "tools" / "unasync.toml").write_text(
        '[[pair]]\nsource = "a"\ntarget = "b"\nreplacement = {}\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="unknown keys"):
        unasync.load_config(project)


def test_repository_derived_files_are_up_to_date() -> None:
    """The committed sync twins match their async sources (what ``tools/generate check`` runs)."""
    assert unasync.check(REPO_ROOT) == []
