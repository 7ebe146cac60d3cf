"""The ``cloudflarefs`` command: ``cloudflarefs dev [path]`` serves a Python Worker offline.

Without ``path`` it serves the Worker in the current directory, or, when the current directory
has no wrangler config, the one its ``pyproject.toml`` names in ``[tool.cloudflarefs] dev``
(this repository names its ``docs/samples/kv-d1-worker`` sample there).

The Worker runs in Pyodide inside the harness; Miniflare listens on 127.0.0.1 with the bindings
from the Worker's wrangler config. Next to it, on ``--api-port``, a local stand-in for
Cloudflare's v4 REST API (:mod:`cloudflarefs.testing.local_api`) shares the Worker's storage.
Files are polled for changes (no extra dependencies): a changed ``.py`` file reloads the Worker
module, a changed wrangler config or ``.dev.vars`` also re-applies the bindings (storage is kept).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, cast

import attrs

from cloudflarefs.testing.bindings import Bindings
from cloudflarefs.testing.d1_migrations import apply_d1_migrations
from cloudflarefs.testing.errors import HarnessError
from cloudflarefs.testing.harness import Harness
from cloudflarefs.testing.install import PyodideLine
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.testing.wrangler import (
    CONFIG_NAMES,
    WorkerConfig,
    WranglerConfigError,
    describe_test_doubles,
    find_config,
    load_worker_config,
)

POLL_SECONDS = 0.5
_WATCHED_SUFFIXES = {".py", ".toml", ".json", ".jsonc", ".sql"}


def _snapshot(root: Path) -> dict[Path, float]:
    """mtimes of the files whose change should trigger a reload."""
    out: dict[Path, float] = {}
    for path in root.rglob("*"):
        if "node_modules" in path.parts or "__pycache__" in path.parts:
            continue
        if path.is_file() and (path.suffix in _WATCHED_SUFFIXES or path.name == ".dev.vars"):
            try:
                out[path] = path.stat().st_mtime
            except FileNotFoundError:
                continue
    return out


def _say(message: str) -> None:
    print(f"[cloudflarefs dev] {message}", flush=True)


def _report_migrations(applied: list[str]) -> None:
    if applied:
        _say(f"applied D1 migrations: {', '.join(applied)}")


def default_worker(cwd: Path) -> Path:
    """The Worker ``cloudflarefs dev`` serves when given no path.

    ``cwd`` itself when it holds a wrangler config, else the path named by ``[tool.cloudflarefs]
    dev`` in ``cwd/pyproject.toml`` (relative to ``cwd``), else ``cwd`` (whose missing config
    then produces the usual error).
    """
    if any((cwd / name).is_file() for name in CONFIG_NAMES):
        return cwd
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        tool: dict[str, Any] = tomllib.loads(pyproject.read_text()).get("tool", {})
        section: object = tool.get("cloudflarefs", {})
        named = cast(dict[str, object], section).get("dev") if isinstance(section, dict) else None
        if isinstance(named, str) and named:
            return cwd / named
    return cwd


def parse_service(option: str) -> tuple[str, Path]:
    """``NAME=path/to/worker.mjs`` from ``--service`` as ``(binding name, module path)``."""
    name, sep, file = option.partition("=")
    if not sep or not name.isidentifier() or not file:
        raise argparse.ArgumentTypeError(f"expected NAME=path/to/worker.mjs, got {option!r}")
    module = Path(file)
    if not module.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {file}")
    return name, module


def service_bindings(services: Sequence[tuple[str, Path]]) -> Bindings:
    """Bind each JS module Worker as a service binding named after it (read afresh each time)."""
    workers = {f"service-{name.lower()}": module.read_text() for name, module in services}
    return Bindings(
        workers=workers, services={name: f"service-{name.lower()}" for name, _ in services}
    )


def dev(
    path: str,
    *,
    port: int,
    pyodide: PyodideLine,
    api_port: int | None = None,
    services: Sequence[tuple[str, Path]] = (),
) -> int:
    """Serve the Worker at ``path``, and the local API, until interrupted; returns the status.

    ``api_port`` defaults to ``port + 1`` (a free port when ``port`` is 0). The config's ``[ai]``
    and ``[[vectorize]]`` bindings get the harness's TEST DOUBLES (Workers AI and Vectorize have
    no local simulator; a one-line notice says so). ``services`` binds JS module Workers as
    service bindings, which take the place of a double of the same name.
    """
    try:
        config_path = find_config(path).resolve()
    except WranglerConfigError as err:
        _say(f"error: {err} (pass the Worker's directory: cloudflarefs dev <path>)")
        return 1
    project = config_path.parent
    harness = Harness(pyodide=pyodide, echo_logs=True)
    api: LocalApi | None = None

    def load() -> WorkerConfig:
        cfg = load_worker_config(config_path)
        return attrs.evolve(cfg, bindings=cfg.bindings.merge(service_bindings(services)))

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        _say(f"starting {project.name} (Pyodide in Node) ...")
        boot = harness.start()
        _say(f"Pyodide {boot.pyodide_version} (Python {boot.python_version}) ready")
        cfg = load()
        try:
            api = LocalApi(
                harness=harness,
                port=_api_port(port, api_port),
                worker_port=port,
            )
        except OSError as err:
            raise HarnessError(f"cannot serve the local API: {err}") from None
        local = api
        handlers = local.serve_config(cfg)
        _report_migrations(apply_d1_migrations(harness, cfg.d1_migrations))
        _say(f"{cfg.name}: handlers {', '.join(handlers) or 'none'}")
        doubles = describe_test_doubles(cfg.bindings)
        if doubles:
            _say(doubles)
        python_dos = [
            f"{b} → {d.class_name}" for b, d in cfg.bindings.durable_objects.items() if d.python
        ]
        if python_dos:
            _say(f"Python Durable Objects: {', '.join(python_dos)}")
        _say(f"Serving at {api.worker_url}")
        _say(
            f"Local Cloudflare API at {api.base_url} "
            f"(CLOUDFLARE_BASE_URL={api.base_url} CLOUDFLARE_ACCOUNT_ID={api.account_id})"
        )
        seen = _snapshot(project)
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(project)
            if now == seen:
                continue
            changed = {p for p in now.keys() | seen.keys() if now.get(p) != seen.get(p)}
            seen = now
            try:
                if any(p.name in CONFIG_NAMES or p.name == ".dev.vars" for p in changed):
                    cfg = load()
                    local.serve_config(cfg)
                else:
                    local.reload(cfg)
                _report_migrations(apply_d1_migrations(harness, cfg.d1_migrations))
                _say(f"reloaded ({', '.join(sorted(p.name for p in changed))})")
            except HarnessError as err:
                # Keep serving the last good version; show what is wrong with the new one.
                _say(f"reload failed:\n{err}")
    except KeyboardInterrupt:
        _say("stopping")
        return 0
    except HarnessError as err:
        _say(f"error: {err}")
        return 1
    finally:
        if api is not None:
            api.close()
        harness.close()


def _api_port(port: int, api_port: int | None) -> int:
    if api_port is not None:
        return api_port
    return port + 1 if port else 0


def run(args: argparse.Namespace) -> int:
    """Run ``cloudflarefs dev`` from its parsed arguments."""
    path = default_worker(Path.cwd()) if args.path is None else Path(args.path)
    return dev(
        str(path),
        port=int(args.port),
        pyodide=cast(PyodideLine, args.pyodide),
        api_port=None if args.api_port is None else int(args.api_port),
        services=cast(list[tuple[str, Path]], args.service),
    )


def register(sub: Any) -> None:
    """Add ``dev`` to the ``cloudflarefs`` command (the ``cloudflarefs.cli`` entry point)."""
    dev_p: argparse.ArgumentParser = sub.add_parser(
        "dev", help="serve a Python Worker offline on 127.0.0.1"
    )
    dev_p.add_argument(
        "path",
        nargs="?",
        default=None,
        help="Worker directory or wrangler config (default: the current directory, or the "
        "Worker named by [tool.cloudflarefs] dev in ./pyproject.toml)",
    )
    dev_p.add_argument("--port", type=int, default=8787, help="port on 127.0.0.1 (default 8787)")
    dev_p.add_argument(
        "--api-port",
        type=int,
        default=None,
        help="port of the local Cloudflare API on 127.0.0.1 (default: --port + 1)",
    )
    dev_p.add_argument(
        "--pyodide",
        choices=("3.14", "3.13"),
        default="3.14",
        help="Pyodide line: 3.14 (Pyodide 314.0.x) or 3.13 (Pyodide 0.28.x)",
    )
    dev_p.add_argument(
        "--service",
        action="append",
        default=[],
        type=parse_service,
        metavar="NAME=WORKER.mjs",
        help="bind a JS module Worker as service binding NAME, e.g. your own test double in "
        "place of the built-in Workers AI or Vectorize double; repeatable",
    )
    dev_p.set_defaults(run=run)


def main(argv: Sequence[str] | None = None) -> int:
    """``cloudflarefs`` with every installed subcommand (kept for ``python -m``)."""
    from cloudflarefs.cli.main import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
