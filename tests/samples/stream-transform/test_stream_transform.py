"""The stream-transform sample, end to end under the offline harness.

Correctness goes through the fetch handler. Streaming is checked inside Pyodide on the Worker's
own ``convert``: a lazily generated 4 MiB CSV upload is split at awkward byte offsets (through
quoted fields and multi-byte characters), and the test records how much of it the converter has
pulled when the first NDJSON chunk comes out, and the largest chunk it ever produced.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "stream-transform"

CSV = (
    "id,name,comment\r\n"
    '1,Ada,"likes ""quotes"", commas"\r\n'
    '2,Zoë,"two\nlines"\n'
    "3,Émile,plain\n"
    "4,Bob\n"  # one field short
    "5,Eve,last record without newline"
)


def test_converts_csv_to_ndjson(worker: Any) -> None:
    worker.load(SAMPLE)
    answer = worker.fetch("/ndjson", method="POST", body=CSV)
    assert answer.status == 200
    assert answer.header("content-type") == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in answer.text.splitlines()]
    expected = [
        {"id": "1", "name": "Ada", "comment": 'likes "quotes", commas'},
        {"id": "2", "name": "Zoë", "comment": "two\nlines"},
        {"id": "3", "name": "Émile", "comment": "plain"},
        {"error": "expected 3 fields, got 2", "record": 4},
        {"id": "5", "name": "Eve", "comment": "last record without newline"},
    ]
    assert lines == expected


def test_matches_pythons_csv_module_on_a_bigger_table(worker: Any) -> None:
    rows = [["k", "v"]] + [[str(i), f'va"l,ue {i}\n€'] for i in range(500)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    worker.load(SAMPLE)
    answer = worker.fetch("/ndjson", method="POST", body=buffer.getvalue())
    got = [json.loads(line) for line in answer.text.splitlines()]
    assert got == [{"k": k, "v": v} for k, v in rows[1:]]


def test_wrong_method_and_path(worker: Any) -> None:
    worker.load(SAMPLE)
    assert worker.fetch("/ndjson", raise_on_error=False).status == 405
    assert worker.fetch("/", method="POST", body="a\n", raise_on_error=False).status == 404


def test_streams_a_large_upload_without_reading_it_whole(worker: Any) -> None:
    worker.load(SAMPLE)

    async def measure(env):
        import json

        from entry import convert

        from cloudflarefs.streams.runtime import ReadableStream

        header = b"id,city,note\n"
        records = "".join(
            f'{i},Zürich,"a ""quoted"", multi\nline note {i}"\n' for i in range(512)
        ).encode()
        chunk_size = 8191  # odd, so chunks split quotes, lines and the two-byte "ü"
        total_chunks = 512  # 4 MiB of CSV
        pulled = [0]

        async def upload():
            # The header, then the records over and over, cut into chunk_size pieces.
            pending = header
            for n in range(total_chunks):
                while len(pending) < chunk_size:
                    pending += records
                pulled[0] = n + 1
                yield pending[:chunk_size]
                pending = pending[chunk_size:]

        # The uploaded body is a JS ReadableStream the converter reads as it goes.
        body = ReadableStream.from_iterable(upload(), high_water_mark=1)
        output = convert(body.js)
        pulled_at_first = None
        chunks = 0
        largest = 0
        converted = 0
        async for out in output:
            if pulled_at_first is None:
                pulled_at_first = pulled[0]
            chunks += 1
            largest = max(largest, len(out))
            converted += out.count(b"\n")
            first = json.loads(out.split(b"\n", 1)[0]) if chunks == 1 else None
            if first is not None:
                assert set(first) in ({"id", "city", "note"}, {"error", "record"}), first
        return {
            "pulled_at_first": pulled_at_first,
            "pulled": pulled[0],
            "chunks": chunks,
            "largest": largest,
            "records": converted,
        }

    stats = worker.run(measure)
    assert stats["pulled"] == 512
    # The first NDJSON left after a handful of the 512 upload chunks had been read ...
    assert stats["pulled_at_first"] <= 4, stats
    # ... output came in many chunks, none much bigger than one input chunk's worth ...
    assert stats["chunks"] > 250, stats
    assert stats["largest"] < 4 * 8191, stats
    assert stats["records"] > 50_000, stats
