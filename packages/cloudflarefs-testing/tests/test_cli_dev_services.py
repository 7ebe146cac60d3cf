"""`cloudflarefs dev --service NAME=worker.mjs` binds JS Workers (e.g. test doubles) as services."""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cloudflarefs.testing.cli import parse_service, service_bindings

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "semantic-search"
STARTUP_DEADLINE = 240.0  # a first run may still be installing npm packages


def test_parse_service_accepts_name_equals_existing_file(tmp_path: Path) -> None:
    module = tmp_path / "double.mjs"
    module.write_text("export default {}")
    assert parse_service(f"AI={module}") == ("AI", module)
    for bad in ("AI", f"={module}", f"not-an-identifier={module}", "AI=", "AI=/no/such.mjs"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_service(bad)


def test_service_bindings_pair_each_name_with_its_worker(tmp_path: Path) -> None:
    (tmp_path / "a.mjs").write_text("// a")
    bindings = service_bindings([("AI", tmp_path / "a.mjs")])
    assert bindings.services == {"AI": "service-ai"}
    assert bindings.workers == {"service-ai": "// a"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dev_serves_semantic_search_with_doubles(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "dev.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "cloudflarefs.testing.cli", "dev", str(SAMPLE),
                "--port", str(port),
                "--service", f"AI={SAMPLE / 'doubles' / 'ai.mjs'}",
                "--service", f"VECTORIZE={SAMPLE / 'doubles' / 'vectorize.mjs'}",
            ],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while "Serving at" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        docs = {"documents": [{"id": "d1", "title": "D1", "text": "SQL databases"}]}
        ingest = urllib.request.Request(f"{base}/documents", data=json.dumps(docs).encode())
        with urllib.request.urlopen(ingest, timeout=60) as resp:
            assert resp.status == 201
        with urllib.request.urlopen(f"{base}/search?q=sql", timeout=60) as resp:
            assert [r["id"] for r in json.loads(resp.read())["results"]] == ["d1"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
