"""The harness gives Python Workers a ``caches`` global (Miniflare's real Cache API) and returns
the Worker's own redirects instead of following them."""

import textwrap
from pathlib import Path

from cloudflarefs.testing.pytest_plugin import WorkerFixture

CACHING_WORKER = textwrap.dedent(
    """
    from workers import Response
    from cloudflarefs.cache.runtime import CacheEntry, CacheStorage

    async def on_fetch(request, env, ctx):
        cache = CacheStorage().default
        if request.method == "DELETE":
            return Response(str(await cache.delete(request.url)))
        hit = await cache.match(request.url)
        if hit is not None:
            return Response(await hit.text(), status=hit.status, headers={"x-cache": "HIT"})
        entry = CacheEntry("fresh", status=302, headers={
            "cache-control": "max-age=60", "location": "https://example.com/elsewhere"})
        await cache.put(request.url, entry)
        named = await CacheStorage().open("other")
        assert await named.match(request.url) is None, "named caches are separate"
        return Response("fresh", status=302, headers={
            "x-cache": "MISS", "location": "https://example.com/elsewhere"})
    """
)


def test_caches_global_and_manual_redirects(worker: WorkerFixture, tmp_path: Path) -> None:
    (tmp_path / "caching.py").write_text(CACHING_WORKER)
    worker.load_module(tmp_path, "caching")
    first = worker.fetch("/page")
    # Not followed: example.com is never contacted, the Worker's 302 comes back as is.
    assert (first.status, first.header("location")) == (302, "https://example.com/elsewhere")
    assert first.header("x-cache") == "MISS"
    second = worker.fetch("/page")
    assert (second.status, second.header("x-cache"), second.text) == (302, "HIT", "fresh")
    assert worker.fetch("/page", method="DELETE").text == "True"
    assert worker.fetch("/page").header("x-cache") == "MISS"
