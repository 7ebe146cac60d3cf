"""Sample Python Worker: converts an uploaded CSV to NDJSON as a stream.

Routes:
    POST /ndjson    body: CSV with a header row; answer: one JSON object per record
                    (application/x-ndjson), streamed as the upload arrives

The request body is read chunk by chunk through ``cloudflarefs.streams.runtime.ReadableStream``
and the answer is a ``ReadableStream.from_iterable`` over the converter, which the runtime
pulls only as fast as the client reads: neither body is ever held whole.
"""

import json
from urllib.parse import urlparse

from csv_ndjson import csv_to_ndjson
from workers import Response, WorkerEntrypoint

from cloudflarefs.streams.runtime import ReadableStream

# Output chunks the runtime may queue ahead of the client: memory stays bounded by this many
# chunks (each the NDJSON of one input chunk).
OUTPUT_QUEUE = 2


def convert(body):
    """The NDJSON stream for the CSV ``body`` stream (a JS ReadableStream)."""
    return ReadableStream.from_iterable(
        csv_to_ndjson(ReadableStream(body)), high_water_mark=OUTPUT_QUEUE
    )


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if urlparse(request.url).path != "/ndjson":
            return error(404, "not found")
        if request.method != "POST":
            return error(405, "POST a CSV body")
        if request.body is None:
            return error(400, "the CSV body is missing")
        return Response(
            convert(request.body).js,
            headers={"content-type": "application/x-ndjson; charset=utf-8"},
        )


def error(status, message):
    return Response(
        json.dumps({"error": message}) + "\n",
        status=status,
        headers={"content-type": "application/json"},
    )
