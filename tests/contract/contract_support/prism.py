"""Install the pinned Prism CLI once per lockfile and run one mock server per spec.

``npm ci`` runs into ``$CLOUDFLAREFS_PRISM_CACHE`` (else ``$XDG_CACHE_HOME/cloudflarefs/prism``,
else ``~/.cache/cloudflarefs/prism``), in a directory named after the lockfile's hash, so a new
pin gets a fresh install and an unchanged one is reused offline.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

from cloudflarefs.testing.install import find_node

__all__ = [
    "PACKAGE_DIR",
    "PrismError",
    "PrismServer",
    "cache_root",
    "ensure_prism",
    "free_port",
    "write_spec",
]

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "prism"
"""``package.json`` + ``package-lock.json`` pinning ``@stoplight/prism-cli``."""

_STARTUP_TIMEOUT_S = 120.0
_INSTALLED_MARKER = ".cloudflarefs-installed"


class PrismError(RuntimeError):
    """Installing or starting Prism failed; the message carries npm's or Prism's output."""


def cache_root() -> Path:
    """The directory holding every Prism install."""
    override = os.environ.get("CLOUDFLAREFS_PRISM_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cloudflarefs" / "prism"


@contextlib.contextmanager
def _file_lock(path: Path) -> Generator[None]:
    # pytest-xdist workers may install at once: one runs npm ci, the others wait for it.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_prism(package_dir: Path = PACKAGE_DIR) -> Path:
    """Run ``npm ci`` once per lockfile hash; return the path of the ``prism`` CLI script.

    Raises :class:`cloudflarefs.testing.errors.NodeNotFoundError` without Node/npm and
    :class:`PrismError` when ``npm ci`` fails.
    """
    _, npm = find_node()
    lock = package_dir / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    target = cache_root() / digest
    marker = target / _INSTALLED_MARKER
    if not marker.exists():
        with _file_lock(cache_root() / f".{digest}.lock"):
            if not marker.exists():
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                for name in ("package.json", "package-lock.json"):
                    shutil.copyfile(package_dir / name, target / name)
                proc = subprocess.run(
                    [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    cwd=target,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode != 0:
                    raise PrismError(f"`npm ci` failed in {target}:\n{proc.stdout}\n{proc.stderr}")
                marker.write_text(digest)
    cli = target / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"
    if not cli.exists():
        raise PrismError(f"{cli} is missing after npm ci; delete {target} and retry")
    return cli


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PrismServer:
    """One ``prism mock --errors`` process serving ``spec`` on 127.0.0.1.

    Prism serves the spec's paths at the root (it ignores the path of ``servers[0].url``), so
    :attr:`base_url` is the bare origin and clients use it as their ``base_url``.
    """

    def __init__(self, cli: Path, spec: Path, *, log_dir: Path) -> None:
        self.cli = cli
        self.spec = spec
        self.log_path = log_dir / f"prism-{spec.stem}.log"
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: where the spec's paths are served."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, attempts: int = 3) -> None:
        """Start Prism and wait until it accepts connections (retrying on a port race)."""
        node, _ = find_node()
        last_error = ""
        for _ in range(attempts):
            self.port = free_port()
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("wb") as log:
                self._proc = subprocess.Popen(
                    [
                        node,
                        str(self.cli),
                        "mock",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        str(self.port),
                        "--errors",
                        str(self.spec),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            deadline = time.monotonic() + _STARTUP_TIMEOUT_S
            while time.monotonic() < deadline:
                if self._proc.poll() is not None:
                    break
                if _listening(self.port):
                    return
                time.sleep(0.1)
            last_error = self.log_tail()
            self.stop()
        raise PrismError(f"Prism did not start for {self.spec}:\n{last_error}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines Prism wrote (for failure messages)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the process (and any worker it forked) started by :meth:`start`."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        # start_new_session made Prism the leader of its own group: signal exactly that group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def __enter__(self) -> PrismServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def write_spec(doc: dict[str, Any], path: Path) -> Path:
    """Write a spec document for Prism to serve."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path
