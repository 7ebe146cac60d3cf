"""The file-server sample, end to end through its fetch handler under the harness.

R2 is Miniflare's local R2 and the HMAC signatures are WebCrypto's; nothing is mocked. Signed
links are also made on the host with ``hmac`` from the development secret in ``.dev.vars``,
which cross-checks the Worker's WebCrypto signatures.
"""

import base64
import hashlib
import hmac
import time
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "file-server"
DEV_VARS = dict(
    line.split("=", 1)
    for line in (SAMPLE / ".dev.vars").read_text().splitlines()
    if line and not line.startswith("#")
)
ADMIN = {"authorization": f"Bearer {DEV_VARS['ADMIN_TOKEN']}"}
MIB = 1024 * 1024


@pytest.fixture
def files(worker):
    worker.load(SAMPLE)
    return worker


def put(worker, key, body, content_type="text/plain"):
    answer = worker.fetch(
        f"/files/{key}", method="PUT", body=body, headers={**ADMIN, "content-type": content_type}
    )
    assert answer.status == 201, answer.text
    return answer.json()


def get(worker, path, **headers):
    return worker.fetch(path, headers={**ADMIN, **headers})


def host_signature(key, expires):
    secret = DEV_VARS["SIGNING_KEY"].encode()
    tag = hmac.new(secret, f"{key}\n{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(tag).rstrip(b"=").decode()


def test_listing_groups_keys_by_delimiter(files):
    for key in ("docs/a.txt", "docs/b.txt", "photos/2024/x.jpg", "photos/y.jpg", "readme.md"):
        put(files, key, f"contents of {key}")
    top = get(files, "/files?delimiter=/").json()
    assert [o["key"] for o in top["objects"]] == ["readme.md"]
    assert top["prefixes"] == ["docs/", "photos/"]
    photos = get(files, "/files?prefix=photos/&delimiter=/").json()
    assert [o["key"] for o in photos["objects"]] == ["photos/y.jpg"]
    assert photos["prefixes"] == ["photos/2024/"]
    assert photos["objects"][0]["content_type"] == "text/plain"

    everything = get(files, "/files?limit=2").json()
    assert [o["key"] for o in everything["objects"]] == ["docs/a.txt", "docs/b.txt"]
    assert everything["truncated"] is True
    rest = get(files, f"/files?limit=10&cursor={everything['cursor']}").json()
    assert [o["key"] for o in rest["objects"]] == ["photos/2024/x.jpg", "photos/y.jpg", "readme.md"]


def test_download_with_conditional_requests(files):
    stored = put(files, "notes.txt", "0123456789")
    full = get(files, "/files/notes.txt")
    assert (full.status, full.text) == (200, "0123456789")
    etag, last_modified = full.header("etag"), full.header("last-modified")
    assert etag == f'"{stored["etag"]}"' and full.header("content-type") == "text/plain"

    not_modified = get(files, "/files/notes.txt", **{"if-none-match": etag})
    assert (not_modified.status, not_modified.body) == (304, b"")
    assert not_modified.header("etag") == etag
    assert get(files, "/files/notes.txt", **{"if-none-match": '"other"'}).status == 200

    assert get(files, "/files/notes.txt", **{"if-modified-since": last_modified}).status == 304
    earlier = format_datetime(parsedate_to_datetime(last_modified).replace(year=2020), usegmt=True)
    changed = get(files, "/files/notes.txt", **{"if-modified-since": earlier})
    assert (changed.status, changed.text) == (200, "0123456789")
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = get(
        files, "/files/notes.txt", **{"if-none-match": '"x"', "if-modified-since": last_modified}
    )
    assert both.status == 200


def test_download_with_ranges(files):
    put(files, "notes.txt", "0123456789")
    cases = {
        "bytes=2-5": ("2345", "bytes 2-5/10"),
        "bytes=7-": ("789", "bytes 7-9/10"),
        "bytes=-3": ("789", "bytes 7-9/10"),
        "bytes=8-100": ("89", "bytes 8-9/10"),
    }
    for header, (body, content_range) in cases.items():
        answer = get(files, "/files/notes.txt", range=header)
        assert (answer.status, answer.text, answer.header("content-range")) == (
            206,
            body,
            content_range,
        ), header
    past_end = get(files, "/files/notes.txt", range="bytes=10-")
    assert (past_end.status, past_end.header("content-range")) == (416, "bytes */10")
    # Several ranges or a malformed header: the whole file, as RFC 9110 allows.
    assert get(files, "/files/notes.txt", range="bytes=0-1,4-5").status == 200
    assert get(files, "/files/notes.txt", range="pages=1").status == 200
    assert get(files, "/files/missing.txt").status == 404


def test_multipart_upload_of_a_large_file(files):
    started = files.fetch("/uploads/big.bin", method="POST", headers=ADMIN)
    assert started.status == 201, started.text
    upload_id = started.json()["upload_id"]
    first, second = bytes(range(256)) * (5 * MIB // 256), b"tail-end"
    etags = []
    for number, chunk in ((1, first), (2, second)):
        part = files.fetch(
            f"/uploads/big.bin?upload_id={upload_id}&part={number}",
            method="PUT",
            body=chunk,
            headers=ADMIN,
        )
        assert part.status == 200, part.text
        etags.append({"part": number, "etag": part.json()["etag"]})
    done = files.fetch(
        f"/uploads/big.bin?upload_id={upload_id}",
        method="POST",
        body=f'{{"parts": {str(etags).replace(chr(39), chr(34))}}}',
        headers=ADMIN,
    )
    assert done.status == 201, done.text
    assert done.json()["size"] == 5 * MIB + len(second)
    # A range across the part boundary comes back whole.
    across = get(files, "/files/big.bin", range=f"bytes={5 * MIB - 2}-{5 * MIB + 3}")
    assert (across.status, across.body) == (206, first[-2:] + second[:4])


def test_multipart_refuses_a_small_middle_part(files):
    upload_id = files.fetch("/uploads/small.bin", method="POST", headers=ADMIN).json()["upload_id"]
    etags = []
    for number in (1, 2):
        part = files.fetch(
            f"/uploads/small.bin?upload_id={upload_id}&part={number}",
            method="PUT",
            body=b"x" * 10,
            headers=ADMIN,
        ).json()
        etags.append(f'{{"part": {number}, "etag": "{part["etag"]}"}}')
    done = files.fetch(
        f"/uploads/small.bin?upload_id={upload_id}",
        method="POST",
        body=f'{{"parts": [{", ".join(etags)}]}}',
        headers=ADMIN,
    )
    assert done.status == 400, done.text
    aborted = files.fetch(
        f"/uploads/small.bin?upload_id={upload_id}", method="DELETE", headers=ADMIN
    )
    assert aborted.json() == {"aborted": upload_id}
    assert get(files, "/files/small.bin").status == 404


def test_signed_links(files):
    put(files, "reports/q3.csv", "region,total\neu,42\n", content_type="text/csv")
    made = files.fetch("/links/reports/q3.csv?expires_in=600", method="POST", headers=ADMIN)
    assert made.status == 200, made.text
    link = urlparse(made.json()["url"])
    params = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert int(params["expires"]) == made.json()["expires"]
    assert params["sig"] == host_signature("reports/q3.csv", params["expires"]), "plain HMAC-SHA256"

    public = files.fetch(f"{link.path}?{link.query}")  # no bearer token
    assert (public.status, public.text) == (200, "region,total\neu,42\n")
    partial = files.fetch(f"{link.path}?{link.query}", headers={"range": "bytes=0-5"})
    assert (partial.status, partial.text) == (206, "region")

    tampered = files.fetch(
        f"/download/reports/q3.csv?expires={int(params['expires']) + 1}&sig={params['sig']}"
    )
    assert (tampered.status, tampered.json()) == (403, {"error": "bad signature"})
    other_key = files.fetch(f"/download/readme.md?{link.query}")
    assert other_key.status == 403

    past = int(time.time()) - 10
    expired = files.fetch(
        f"/download/reports/q3.csv?expires={past}&sig={host_signature('reports/q3.csv', past)}"
    )
    assert (expired.status, expired.json()) == (403, {"error": "link expired"})


def test_admin_routes_need_the_token_and_refuse_bad_input(files):
    assert files.fetch("/files").status == 401
    assert files.fetch("/files", headers={"authorization": "Bearer wrong"}).status == 401
    put(files, "a.txt", "a")
    too_long = files.fetch("/links/a.txt?expires_in=999999", method="POST", headers=ADMIN)
    assert too_long.status == 400 and "expires_in" in too_long.json()["error"]
    assert files.fetch("/links/nope.txt", method="POST", headers=ADMIN).status == 404
    bad_part = files.fetch(
        "/uploads/a.bin?upload_id=u&part=0", method="PUT", body=b"x", headers=ADMIN
    )
    assert bad_part.status == 400 and "part_number" in bad_part.json()["error"], bad_part.text
    assert files.fetch("/files/a.txt", method="DELETE", headers=ADMIN).json() == {
        "deleted": "a.txt"
    }
    assert get(files, "/files/a.txt").status == 404
