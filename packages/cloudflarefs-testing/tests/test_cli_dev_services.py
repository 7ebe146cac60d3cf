"""`cloudflarefs dev` on the semantic-search sample: its `[ai]` and `[[vectorize]]` bindings get
the built-in TEST DOUBLES with no flags, and `--service NAME=worker.mjs` binds a JS Worker (e.g.
the sample's own doubles) in their place."""

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
from cloudflarefs.testing.local_api import LOCAL_ACCOUNT_ID

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


def test_dev_binds_ai_and_vectorize_doubles_from_the_config(tmp_path: Path) -> None:
    port, api_port = _free_port(), _free_port()
    log = tmp_path / "dev.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "cloudflarefs.testing.cli", "dev", str(SAMPLE),
                "--port", str(port), "--api-port", str(api_port),
            ],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while "Serving at" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        notice = [ln for ln in log.read_text().splitlines() if "test doubles:" in ln]
        assert len(notice) == 1, log.read_text()
        assert "AI (Workers AI" in notice[0] and "not a real model" in notice[0]
        assert "VECTORIZE (Vectorize index semantic-search" in notice[0]
        assert "not a real index" in notice[0]

        base = f"http://127.0.0.1:{port}"
        docs = {
            "documents": [
                {"id": "r2", "title": "R2", "text": "Object storage for large files and images"},
                {"id": "queues", "title": "Queues", "text": "Background jobs in batches"},
            ]
        }
        ingest = urllib.request.Request(f"{base}/documents", data=json.dumps(docs).encode())
        with urllib.request.urlopen(ingest, timeout=60) as resp:
            assert resp.status == 201
            assert json.loads(resp.read())["dimensions"] == 384
        with urllib.request.urlopen(f"{base}/search?q=store+large+files&k=1", timeout=60) as resp:
            assert [r["id"] for r in json.loads(resp.read())["results"]] == ["r2"]

        # The index the config's settings created is the local API's too, with the Worker's vectors.
        api = f"http://127.0.0.1:{api_port}/client/v4/accounts/{LOCAL_ACCOUNT_ID}/vectorize/v2"
        info = urllib.request.Request(
            f"{api}/indexes/semantic-search/info", headers={"Authorization": "Bearer local"}
        )
        with urllib.request.urlopen(info, timeout=60) as resp:
            result = json.loads(resp.read())["result"]
        assert (result["dimensions"], result["vectorCount"]) == (384, 2)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
