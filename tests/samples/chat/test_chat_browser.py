"""Two real browsers chat through the sample served by ``cloudflarefs dev``.

Debian's ``chromium`` (installed by ``.ci/run``) is driven by Playwright with
``executable_path``; Playwright never downloads a browser here. The dev server listens on an
ephemeral port of 127.0.0.1.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[3] / "docs" / "samples" / "chat"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STARTUP_DEADLINE = 240.0  # a first run may still be installing the harness' npm packages
UI_WAIT_MS = 60_000  # how long the page may take to show a frame (a safety net on busy machines)
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing; .ci/run installs it with apt-get")
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def chat_url() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cloudflarefs.testing.cli", "dev", str(SAMPLE), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stream = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen: list[str] = []
    try:
        while True:
            try:
                line = lines.get(timeout=STARTUP_DEADLINE)
            except queue.Empty:
                pytest.fail("cloudflarefs dev printed no URL; output:\n" + "".join(seen))
            seen.append(line)
            match = re.search(r"Serving at (http://127\.0\.0\.1:\d+)/", line)
            if match:
                yield match.group(1)
                break
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_two_browsers_see_each_others_messages(chat_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=UI_WAIT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            ann = browser.new_context().new_page()
            bob = browser.new_context().new_page()
            for page, name in ((ann, "ann"), (bob, "bob")):
                page.goto(chat_url + "/")
                page.fill("#name", name)
                page.fill("#room", "browsers")
                page.click("#join-button")
                expect(page.locator("#status")).to_have_text("connected to browsers")
            expect(ann.locator("#messages li", has_text="bob joined")).to_have_count(1)

            ann.fill("#text", "hello from ann")
            ann.click("#send")
            expect(bob.locator("#messages li", has_text="ann: hello from ann")).to_have_count(1)
            bob.fill("#text", "hi ann, bob here")
            bob.press("#text", "Enter")
            expect(ann.locator("#messages li", has_text="bob: hi ann, bob here")).to_have_count(1)
            expect(ann.locator("#messages li:not(.notice)")).to_have_text(
                ["ann: hello from ann", "bob: hi ann, bob here"]
            )

            late = browser.new_context().new_page()  # a third member gets the stored history
            late.goto(chat_url + "/")
            late.fill("#name", "cy")
            late.fill("#room", "browsers")
            late.click("#join-button")
            expect(late.locator("#messages li:not(.notice)")).to_have_text(
                ["ann: hello from ann", "bob: hi ann, bob here"]
            )
        finally:
            browser.close()
