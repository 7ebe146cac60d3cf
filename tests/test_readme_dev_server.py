"""The README's first command serves the sample Worker in a fresh clone, as a new user runs it.

The ``start-command`` block (``uv run cloudflarefs dev``) runs verbatim under bash in a fresh
clone of this repository (``tools/ci/fresh_clone.py``: the working tree's files, nothing ignored,
so no ``.venv``) with a fresh HOME, so uv creates the clone's environment and the harness does its
first-use installs into the empty home. Only the download caches of uv and npm are shared with
this machine. The log lines up to "Serving at" must equal the ``start-command:ready`` block,
the first-use work must be reported on stderr, and the ``start-command:curl`` block, run
verbatim, must print the ``start-command:output`` block.

One substitution, only when port 8787 is already taken on this machine: the start command gets
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

from fresh_clone import fresh_clone, new_user_env  # noqa: E402  (tools/ci is not a package)
from readme_blocks import marked_blocks  # noqa: E402

README = (ROOT / "README.md").read_text()
PORT = 8787
START_COMMAND = "uv run cloudflarefs dev"
READY = "Serving at"
STARTUP_DEADLINE = 600.0  # a first run syncs the workspace and installs the harness


def block(name: str) -> str:
    (found,) = marked_blocks(README, name)
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
    """A command running under bash in its own session, its output collected line by line."""

    def __init__(self, script: str, cwd: Path, env: dict[str, str]) -> None:
        # A session of its own so teardown can signal bash, uv and the server together.
        self.proc = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
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


def test_the_start_blocks_are_there() -> None:
    assert block("start-command") == START_COMMAND + "\n"
    assert f"http://127.0.0.1:{PORT}/" in block("start-command:ready")
    assert block("start-command:curl").count(f"http://127.0.0.1:{PORT}/") == 5
    assert len(block("start-command:output").splitlines()) == 5


@pytest.fixture
def dev_server(tmp_path: Path) -> Iterator[tuple[Background, int]]:
    clone = fresh_clone(tmp_path / "cloudflarefs")
    assert not (clone / ".venv").exists()
    env = new_user_env(tmp_path / "home")
    port = PORT if port_is_free(PORT) else free_port()
    start = block("start-command")
    if port != PORT:
        start = start.replace(START_COMMAND, f"{START_COMMAND} --port {port}")
    server = Background(start, clone, env)
    try:
        yield server, port
    finally:
        server.stop()


def test_start_command_verbatim_in_a_fresh_clone(dev_server: tuple[Background, int]) -> None:
    if shutil.which("curl") is None:
        pytest.skip("the README's calls use the curl binary, which is not installed here")
    server, port = dev_server
    lines = server.lines_until(READY)
    logged = [line for line in lines if line.startswith("[cloudflarefs dev]")]
    assert "".join(logged) == on_port(block("start-command:ready"), port)
    # The fresh HOME has no harness yet: the first-use installs say what they are doing.
    progress = "".join(line for line in lines if line.startswith("[cloudflarefs] "))
    assert "installing the harness' npm packages" in progress, "".join(lines)
    assert "npm packages installed in" in progress
    assert "downloading workers-runtime-sdk" in progress

    called = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", on_port(block("start-command:curl"), port)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert called.returncode == 0, called.stdout + called.stderr
    assert called.stdout == on_port(block("start-command:output"), port)
