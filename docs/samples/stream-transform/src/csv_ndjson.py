"""CSV (RFC 4180) to NDJSON, one chunk in, one chunk out.

``csv_to_ndjson(chunks)`` consumes an async iterable of bytes and yields NDJSON bytes as soon as
each input chunk completes some records. It holds at most one input chunk plus one unfinished
record: the body is never read whole. The first record is the header; each later record becomes
one JSON object keyed by it. A record with the wrong number of fields becomes
``{"error": ..., "record": n}`` instead, and conversion carries on (the status line has been sent
long before such a record is met).
"""

import codecs
import csv
import json


class CsvRecords:
    """Splits decoded text into whole CSV records, across chunk boundaries.

    A newline ends a record only outside quotes: a record is complete when its text holds an
    even number of ``"`` (RFC 4180 escapes a quote by doubling it, which keeps the parity).
    """

    def __init__(self):
        self._pending = ""  # the start of a record whose end has not arrived yet
        self._quotes = 0

    def feed(self, text):
        """The raw text of each record that ``text`` completes."""
        records = []
        start = 0
        for index, char in enumerate(text):
            if char == '"':
                self._quotes += 1
            elif char == "\n" and self._quotes % 2 == 0:
                records.append(self._pending + text[start : index + 1])
                self._pending = ""
                self._quotes = 0
                start = index + 1
        self._pending += text[start:]
        return records

    def finish(self):
        """The last record, when the input does not end with a newline."""
        rest, self._pending = self._pending, ""
        return [rest] if rest.strip() else []


def parse_record(text):
    """The fields of one record's text; ``csv.Error`` when it is not valid CSV."""
    rows = list(csv.reader([text]))
    if len(rows) != 1:
        raise csv.Error(f"{len(rows)} records where one was expected")
    return rows[0]


async def csv_to_ndjson(chunks):
    """Yield NDJSON bytes for the CSV bytes in the async iterable ``chunks``."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()  # a character may span two chunks
    records = CsvRecords()
    header = None
    count = 0

    def convert(texts):
        nonlocal header, count
        lines = []
        for text in texts:
            if not text.strip():
                continue  # blank lines separate nothing in CSV
            try:
                row = parse_record(text)
            except csv.Error as error:
                count += 1
                lines.append(json.dumps({"error": f"not CSV: {error}", "record": count}))
                continue
            if header is None:
                header = row
                continue
            count += 1
            if len(row) != len(header):
                problem = f"expected {len(header)} fields, got {len(row)}"
                lines.append(json.dumps({"error": problem, "record": count}))
            else:
                lines.append(json.dumps(dict(zip(header, row, strict=True))))
        return "".join(line + "\n" for line in lines).encode()

    async for chunk in chunks:
        out = convert(records.feed(decoder.decode(chunk)))
        if out:
            yield out
    out = convert(records.feed(decoder.decode(b"", final=True)) + records.finish())
    if out:
        yield out
