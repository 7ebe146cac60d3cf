"""pytest plugin: run test bodies inside Pyodide against Miniflare bindings.

Registered as the ``cloudflarefs`` pytest11 entry point. The harness starts once per session, on
first use. Each test gets fresh binding state.

Two styles::

    @run_in_worker(bindings={"kv": ["KV"]})
    async def test_kv(env):                 # this body runs inside Pyodide
        await env.KV.put("k", "v")
        assert await env.KV.get("k") == "v"

    def test_http(worker):                  # this body runs on the host
        worker.load("docs/samples/kv-d1-worker")
        assert worker.fetch("/").status == 200
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest

from cloudflarefs.testing.bindings import Bindings, as_bindings
from cloudflarefs.testing.d1_migrations import apply_d1_migrations
from cloudflarefs.testing.errors import PyodideError
from cloudflarefs.testing.harness import (
    Harness,
    HttpResponse,
    QueueResult,
    ScheduledResult,
)
from cloudflarefs.testing.http import MockClients
from cloudflarefs.testing.install import PyodideLine
from cloudflarefs.testing.source import function_source
from cloudflarefs.testing.wrangler import WorkerConfig, load_worker_config

F = TypeVar("F", bound=Callable[..., Any])

HARNESS_FIXTURE = "cloudflarefs_harness"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--cloudflarefs-pyodide`` (3.14 or 3.13)."""
    group = parser.getgroup("cloudflarefs")
    group.addoption(
        "--cloudflarefs-pyodide",
        default="3.14",
        choices=("3.14", "3.13"),
        help="Pyodide line for in-Worker tests: 3.14 (Pyodide 314.0.x) or 3.13 (0.28.x).",
    )


@pytest.fixture(scope="session")
def cloudflarefs_harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The session's harness: Node + Pyodide + Miniflare, started on first use."""
    line = cast(PyodideLine, request.config.getoption("--cloudflarefs-pyodide"))
    harness = Harness(pyodide=line)
    harness.start()
    try:
        yield harness
    finally:
        harness.close()


def _fail(err: PyodideError) -> None:
    # pytrace=False: the useful traceback is Pyodide's, already in the message.
    pytest.fail(f"[inside Pyodide] {err}", pytrace=False)


def run_in_worker(
    bindings: Bindings | Mapping[str, Any] | None = None,
    *,
    fresh: bool = True,
) -> Callable[[F], F]:
    """Decorate a test whose body runs inside Pyodide with ``env`` bound to ``bindings``.

    The function's source is shipped (its decorators stripped) together with the test module's
    top-level imports; imports that fail in Pyodide (pytest, host-only packages) are skipped, and
    other module-level names are not available. A parameter named ``env`` receives the bindings;
    other parameters are pytest fixtures/parametrize values and must be JSON-serialisable.
    Assertion errors and other exceptions fail the test with the Pyodide traceback.
    """
    spec = as_bindings(bindings)

    def decorate(fn: F) -> F:
        fs = function_source(fn)
        sig = inspect.signature(fn)
        passthrough = [p for p in sig.parameters.values() if p.name != "env"]

        @functools.wraps(fn)
        def wrapper(**kwargs: Any) -> None:
            harness: Harness = kwargs.pop(HARNESS_FIXTURE)
            harness.configure(spec, fresh=fresh)
            failure: PyodideError | None = None
            try:
                harness.run_source(fs, **kwargs)
            except PyodideError as err:
                failure = err
            if failure is not None:  # outside `except`: no chained host traceback
                _fail(failure)

        params = [
            inspect.Parameter(HARNESS_FIXTURE, inspect.Parameter.KEYWORD_ONLY),
            *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in passthrough),
        ]
        # pytest reads fixture names from the signature; drop `env`, add the harness.
        wrapper.__signature__ = sig.replace(parameters=params, return_annotation=None)  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


class WorkerFixture:
    """Per-test handle on the session harness (the ``worker`` fixture).

    Binding state is fresh for each test: the first call that needs Miniflare configures it with
    empty storage.
    """

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self._configured = False
        self.config: WorkerConfig | None = None

    def configure(self, bindings: Bindings | Mapping[str, Any] | None = None) -> None:
        """(Re)bind ``env`` with fresh storage."""
        self.harness.configure(bindings, fresh=True)
        self._configured = True

    def _ensure(self) -> None:
        if not self._configured:
            self.configure(Bindings())

    def load(
        self,
        path: str | Path,
        *,
        bindings: Bindings | Mapping[str, Any] | None = None,
        durable_object_script: str | None = None,
    ) -> WorkerConfig:
        """Load a Worker from its directory or wrangler config, with its bindings.

        Extra ``bindings`` are merged over the config's. Pending D1 migrations (the
        ``NNNN_name.sql`` files of each database's ``migrations_dir``) are applied first, as
        ``wrangler d1 migrations apply --local`` would.
        """
        cfg = load_worker_config(path, durable_object_script=durable_object_script)
        merged = cfg.bindings.merge(as_bindings(bindings)) if bindings else cfg.bindings
        self.configure(merged)
        apply_d1_migrations(self.harness, cfg.d1_migrations)
        self.harness.load_worker(cfg.root, cfg.module)
        self.config = cfg
        return cfg

    def load_module(
        self,
        root: str | Path,
        module: str = "entry",
        *,
        bindings: Bindings | Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Load Worker module ``module`` from directory ``root`` with explicit bindings."""
        self.configure(bindings)
        return self.harness.load_worker(root, module)

    def run(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """Run ``fn``'s source inside Pyodide with the current ``env``; return its result."""
        self._ensure()
        return self.harness.run(fn, **kwargs)

    def exec(self, source: str, name: str = "main", **kwargs: Any) -> Any:
        """Run source text defining ``name`` inside Pyodide; return its result."""
        self._ensure()
        return self.harness.exec(source, name, **kwargs)

    def fetch(self, url: str = "/", **kwargs: Any) -> HttpResponse:
        """See :meth:`Harness.fetch`."""
        self._ensure()
        return self.harness.fetch(url, **kwargs)

    def scheduled(self, cron: str = "", **kwargs: Any) -> ScheduledResult:
        """See :meth:`Harness.scheduled`."""
        self._ensure()
        return self.harness.scheduled(cron, **kwargs)

    def queue(self, queue: str, messages: Sequence[Any], **kwargs: Any) -> QueueResult:
        """See :meth:`Harness.queue`."""
        self._ensure()
        return self.harness.queue(queue, messages, **kwargs)


@pytest.fixture
def worker(cloudflarefs_harness: Harness) -> WorkerFixture:
    """A :class:`WorkerFixture` with fresh bindings for this test."""
    return WorkerFixture(cloudflarefs_harness)


# --- management clients over httpx.MockTransport -------------------------------------------


@pytest.fixture
async def mock_clients() -> AsyncIterator[MockClients]:
    """Builds service clients over recording MockTransports; closes them after the test.

    An async fixture: it needs pytest-asyncio (``asyncio_mode = "auto"``), as async clients do.
    """
    clients = MockClients()
    try:
        yield clients
    finally:
        await clients.close()


@pytest.fixture(params=["sync", "async"])
def sync_or_async(request: pytest.FixtureRequest) -> str:
    """``"sync"`` then ``"async"``: run a test once through each flavour of a client."""
    return cast(str, request.param)
