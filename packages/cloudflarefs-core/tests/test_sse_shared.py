"""cloudflarefs.core.sse: the pure event-stream parser shared by the AI management and runtime
packages (its full behaviour suite lives with the management package's test_sse.py)."""

from __future__ import annotations

import subprocess
import sys

from cloudflarefs.core.sse import ServerSentEvent, SSEDecoder, iter_events


def test_events_split_across_chunks_and_line_ends() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'data: {"response":"H') == []
    assert decoder.feed(b'i"}\r') == []
    assert decoder.feed(b"\n\r\n") == [ServerSentEvent(data='{"response":"Hi"}')]
    assert list(iter_events(["event: e\ndata: [DONE]\n\n", "data: cut"])) == [
        ServerSentEvent(event="e", data="[DONE]")
    ]


def test_multibyte_utf8_split_across_chunks() -> None:
    raw = "data: héllo\n\n".encode()
    cut = raw.index(b"\xc3") + 1
    assert next(iter(iter_events([raw[:cut], raw[cut:]]))).data == "héllo"


def test_import_is_pure() -> None:
    code = "import sys, cloudflarefs.core.sse; sys.exit('httpx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
