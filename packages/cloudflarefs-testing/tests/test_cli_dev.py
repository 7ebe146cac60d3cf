"""`cloudflarefs dev` serves the sample Worker over real HTTP on 127.0.0.1 and reloads edits."""

import importlib.metadata
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudflarefs.d1.management import D1Client
from cloudflarefs.kv.management import KVClient
from cloudflarefs.testing.local_api import LOCAL_ACCOUNT_ID

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "kv-d1-worker"
SAMPLE_NS = "00000000000000000000000000000000"
SAMPLE_DB = "00000000-0000-0000-0000-000000000000"
STARTUP_DEADLINE = 240.0  # a first run may still be installing npm packages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DevServer:
    def __init__(self, proc: subprocess.Popen[str], port: int, api_port: int) -> None:
        self.proc = proc
        self.port = port
        self.api_port = api_port
        self.lines: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.lines.put(x) for x in stream], daemon=True).start()

    def wait_for(self, text: str) -> str:
        seen: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=STARTUP_DEADLINE)
            except queue.Empty:
                pytest.fail(f"no {text!r} from cloudflarefs dev; output:\n{''.join(seen)}")
            seen.append(line)
            if text in line:
                return line

    def request(self, path: str, data: bytes | None = None) -> tuple[int, object]:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data)
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read())


@pytest.fixture
def served_sample(tmp_path: Path) -> Iterator[DevServer]:
    project = tmp_path / "worker"
    shutil.copytree(SAMPLE, project)
    port = free_port()
    api_port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cloudflarefs.testing.cli",
            "dev",
            str(project),
            "--port",
            str(port),
            "--api-port",
            str(api_port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = DevServer(proc, port, api_port)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_console_script_is_registered() -> None:
    # cloudflarefs-cli owns the command; this package adds its `dev` subcommand to it.
    eps = importlib.metadata.entry_points(group="console_scripts", name="cloudflarefs")
    assert [ep.value for ep in eps] == ["cloudflarefs.cli.main:main"]
    dev = importlib.metadata.entry_points(group="cloudflarefs.cli", name="dev")
    assert [ep.value for ep in dev] == ["cloudflarefs.testing.cli:register"]


def test_dev_serves_sample_and_reloads_on_edit(served_sample: DevServer, tmp_path: Path) -> None:
    line = served_sample.wait_for("Serving at")
    assert f"http://127.0.0.1:{served_sample.port}" in line

    assert served_sample.request("/") == (
        200,
        {"greeting": "hello from kv-d1-worker", "visits": 1},
    )
    assert served_sample.request("/notes", data=b"first note")[0] == 201
    assert served_sample.request("/notes") == (
        200,
        {"notes": [{"id": 1, "body": "first note", "tag": None}]},
    )

    # Edit the Worker: the poller reloads it and state (KV) survives the reload.
    entry = tmp_path / "worker" / "src" / "entry.py"
    entry.write_text(entry.read_text().replace('"visits": count', '"visits": count, "v": 2'))
    served_sample.wait_for("reloaded")
    assert served_sample.request("/") == (
        200,
        {"greeting": "hello from kv-d1-worker", "visits": 2, "v": 2},
    )


def test_dev_only_listens_on_loopback(served_sample: DevServer) -> None:
    served_sample.wait_for("Serving at")
    out = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True, check=False).stdout
    listeners = [ln for ln in out.splitlines() if f":{served_sample.port} " in ln]
    assert listeners, out
    assert all("127.0.0.1:" in ln for ln in listeners), listeners


def test_default_worker_is_the_current_directory_when_it_has_a_config(tmp_path: Path) -> None:
    from cloudflarefs.testing.cli import default_worker

    (tmp_path / "wrangler.toml").write_text('name = "w"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.cloudflarefs]\ndev = "elsewhere"\n')
    assert default_worker(tmp_path) == tmp_path


def test_default_worker_is_named_by_pyproject(tmp_path: Path) -> None:
    from cloudflarefs.testing.cli import default_worker

    (tmp_path / "pyproject.toml").write_text('[tool.cloudflarefs]\ndev = "docs/samples/x"\n')
    assert default_worker(tmp_path) == tmp_path / "docs" / "samples" / "x"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\n')
    assert default_worker(tmp_path) == tmp_path


def test_repository_default_worker_is_the_kv_d1_sample() -> None:
    from cloudflarefs.testing.cli import default_worker

    assert default_worker(SAMPLE.parents[2]) == SAMPLE


def test_dev_without_a_config_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cloudflarefs.testing.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["dev"]) == 1
    out = capsys.readouterr().out
    assert "wrangler.toml" in out and str(tmp_path) in out
    assert "cloudflarefs dev <path>" in out


def test_dev_serves_the_local_api_on_the_workers_storage(served_sample: DevServer) -> None:
    line = served_sample.wait_for("Local Cloudflare API at")
    base_url = f"http://127.0.0.1:{served_sample.api_port}/client/v4"
    assert base_url in line
    kwargs: dict[str, Any] = {
        "api_token": "local",
        "account_id": LOCAL_ACCOUNT_ID,
        "base_url": base_url,
    }
    with KVClient(**kwargs) as kv, D1Client(**kwargs) as d1:
        # The sample's wrangler.toml names these ids: the API manages the very same storage.
        kv.values.put(SAMPLE_NS, "visits", "41")
        assert served_sample.request("/")[1] == {
            "greeting": "hello from kv-d1-worker",
            "visits": 42,
        }
        assert kv.values.get_text(SAMPLE_NS, "visits") == "42"
        assert served_sample.request("/notes", data=b"via the Worker")[0] == 201
        [rows] = d1.databases.query(SAMPLE_DB, "SELECT body FROM notes")
        assert rows.results == [{"body": "via the Worker"}]
