"""The README's "Run a Worker locally" quickstart works verbatim and prints what it shows.

The ``quickstart:dev-server:*`` blocks are read from README.md and run as written, in a fresh
virtual environment made by pip (no uv, no workspace): the install block, the ``cloudflarefs
dev`` start block (backgrounded exactly as documented), then the ``curl`` block, whose output
must equal the README's ``quickstart:dev-server:output`` block. The log lines up to "Serving at"
must equal the ``quickstart:dev-server:ready`` block.

Two substitutions, and only these: the venv path moves into pytest's tmp dir, and when port 8787
is already taken on this machine (another dev server, a concurrent run) the start command gets
``--port <free port>`` and the URLs in the other blocks name that port instead.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "ci"))

from readme_blocks import marked_blocks  # noqa: E402  (tools/ci is not a package)

README = (ROOT / "README.md").read_text()
VENV = "/tmp/cloudflarefs-dev"
PORT = 8787
START_COMMAND = "cloudflarefs dev docs/samples/kv-d1-worker &"
READY = "Serving at"
STARTUP_DEADLINE = 240.0  # a first run installs the harness' npm packages


def block(name: str) -> str:
    (found,) = marked_blocks(README, f"quickstart:dev-server:{name}")
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        # Like Node's listen(): connections lingering in TIME_WAIT do not make the port busy.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def on_port(text: str, port: int) -> str:
    return text.replace(f"127.0.0.1:{PORT}", f"127.0.0.1:{port}")


class Background:
    """The documented start block running under bash, its output collected line by line."""

    def __init__(self, script: str) -> None:
        # A session of its own so teardown can signal bash and the server it backgrounded.
        self.proc = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        stream = self.proc.stdout
        assert stream is not None
        threading.Thread(target=lambda: [self.lines.put(x) for x in stream], daemon=True).start()

    def lines_until(self, text: str) -> list[str]:
        """Every output line up to and including the first one containing ``text``."""
        start = len(self.seen)
        while True:
            try:
                line = self.lines.get(timeout=STARTUP_DEADLINE)
            except queue.Empty:
                pytest.fail(f"no {text!r} from the dev server; output:\n{''.join(self.seen)}")
            self.seen.append(line)
            if text in line:
                return self.seen[start:]

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def test_the_dev_server_quickstart_blocks_are_there() -> None:
    assert START_COMMAND in block("start").splitlines()
    assert f"http://127.0.0.1:{PORT}/" in block("ready")
    assert block("curl").count(f"http://127.0.0.1:{PORT}/") == 5
    assert len(block("output").splitlines()) == 5


@pytest.fixture
def fresh_venv(tmp_path: Path) -> Path:
    """The install block, run verbatim except for the venv location."""
    install = block("install")
    assert VENV in install
    venv = tmp_path / "venv"
    script = install.replace(VENV, str(venv)) + "command -v cloudflarefs\n"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The console script comes from the fresh venv, not from the workspace.
    assert result.stdout.strip().endswith(f"{venv}/bin/cloudflarefs"), result.stdout
    return venv


@pytest.fixture
def dev_server(fresh_venv: Path) -> Iterator[tuple[Background, int]]:
    port = PORT if port_is_free(PORT) else free_port()
    start = block("start")
    if port != PORT:
        start = start.replace(START_COMMAND, f"{START_COMMAND[:-2]} --port {port} &")
    # As a user would: activate, start in the background, and keep the shell alive.
    script = f". {fresh_venv}/bin/activate\n{start}wait\n"
    server = Background(script)
    try:
        yield server, port
    finally:
        server.stop()


def test_dev_server_quickstart_verbatim(dev_server: tuple[Background, int]) -> None:
    if shutil.which("curl") is None:
        pytest.skip("the README's calls use the curl binary, which is not installed here")
    server, port = dev_server
    logged = [line for line in server.lines_until(READY) if line.startswith("[cloudflarefs dev]")]
    assert "".join(logged) == on_port(block("ready"), port)

    called = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", on_port(block("curl"), port)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert called.returncode == 0, called.stdout + called.stderr
    assert called.stdout == on_port(block("output"), port)
