"""The url-shortener sample, end to end through its fetch handler under the harness.

KV, the Cache API (``caches.default``) and the rate-limit binding are Miniflare's real local
implementations; nothing is mocked.
"""

import datetime as dt
import time
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "url-shortener"


@pytest.fixture
def shortener(worker):
    worker.load(SAMPLE)
    return worker


def create(worker, payload, ip="203.0.113.1"):
    return worker.fetch("/links", method="POST", body=payload, headers={"cf-connecting-ip": ip})


def test_create_then_redirect_is_cached_until_deleted(shortener):
    made = create(shortener, '{"url": "https://example.com/docs", "slug": "docs"}')
    assert made.status == 201, made.text
    link = made.json()
    assert link["slug"] == "docs" and link["short_url"].endswith("/docs")
    assert "expires" not in link, "a link without ttl never expires"
    assert shortener.fetch("/links/docs").json() == {
        "slug": "docs",
        "url": "https://example.com/docs",
        "created": link["created"],
    }

    first = shortener.fetch("/docs")
    assert (first.status, first.header("location")) == (302, "https://example.com/docs")
    assert first.header("x-cache") == "MISS"
    assert first.header("cache-control") == "public, max-age=300"

    # Served from the Cache API: deleting the KV key behind the cache's back proves it.
    async def drop_key(env):
        await env.LINKS.delete("link:docs")

    shortener.run(drop_key)
    second = shortener.fetch("/docs?utm=x")
    assert (second.status, second.header("x-cache")) == (302, "HIT")
    assert second.header("location") == "https://example.com/docs"

    gone = shortener.fetch("/links/docs", method="DELETE").json()
    assert gone == {"deleted": "docs", "purged_from_cache": True}
    assert shortener.fetch("/docs").status == 404


def test_ttl_becomes_kv_expiration_and_metadata(shortener):
    made = create(shortener, '{"url": "https://example.com/sale", "slug": "sale", "ttl": 3600}')
    assert made.status == 201, made.text
    link = made.json()
    assert link["expires"] - link["created"] == 3600

    info = shortener.fetch("/links/sale").json()
    assert info == {
        "slug": "sale",
        "url": "https://example.com/sale",
        "created": link["created"],
        "expires": link["expires"],
    }
    listed = shortener.fetch("/links").json()["links"]
    assert [entry["slug"] for entry in listed] == ["sale"]
    expiration = dt.datetime.fromisoformat(listed[0]["expiration"])
    assert expiration.timestamp() == pytest.approx(link["expires"], abs=2)
    assert listed[0]["metadata"] == {"created": link["created"], "expires": link["expires"]}

    redirect = shortener.fetch("/sale")
    assert redirect.status == 302
    max_age = int(redirect.header("cache-control").rsplit("=", 1)[1])
    assert 0 < max_age <= 300, "the cache never outlives the link"


def test_bad_input_is_refused(shortener):
    cases = {
        "not json": "body must be JSON",
        '{"url": "ftp://x"}': "url must be an absolute http(s) URL",
        '{"url": "https://x.dev", "slug": "a/b"}': "slug must be 3-32 letters",
        '{"url": "https://x.dev", "ttl": "soon"}': "ttl must be a whole number",
    }
    for n, (body, message) in enumerate(cases.items()):
        answer = create(shortener, body, ip=f"198.51.100.{n}")
        assert answer.status == 400 and message in answer.json()["error"], answer.text
    # KV's own minimum TTL, refused by cloudflarefs-kv-runtime before the write.
    short_ttl = create(shortener, '{"url": "https://x.dev", "ttl": 30}', ip="198.51.100.9")
    assert short_ttl.status == 400 and "60" in short_ttl.json()["error"], short_ttl.text
    assert shortener.fetch("/links").json() == {"links": []}

    create(shortener, '{"url": "https://x.dev", "slug": "taken"}', ip="198.51.100.10")
    again = create(shortener, '{"url": "https://y.dev", "slug": "taken"}', ip="198.51.100.10")
    assert again.status == 409
    assert shortener.fetch("/links/nope").status == 404
    assert shortener.fetch("/nope").status == 404


def test_creation_is_rate_limited_per_client(shortener):
    # Miniflare's limiter counts in fixed windows aligned to the epoch (floor(now / period)), as
    # the service's does: a burst that straddles a minute boundary starts counting again, so it
    # is retried from a fresh IP (two bursts of a few seconds cannot both straddle one).
    def burst(ip):
        window = int(time.time() // 60)
        statuses = [
            create(shortener, f'{{"url": "https://example.com/{n}"}}', ip=ip).status
            for n in range(6)
        ]
        return statuses, int(time.time() // 60) == window

    statuses, one_window = burst("192.0.2.50")
    if not one_window:
        statuses, one_window = burst("192.0.2.60")
    assert one_window, "both bursts straddled a minute boundary"
    assert statuses == [201] * 5 + [429], "five links per minute per IP (wrangler.toml)"
    assert create(shortener, '{"url": "https://example.com/other"}', ip="192.0.2.51").status == 201
