"""``CacheStorage``/``Cache`` inside Pyodide against workerd's real Cache API.

``caches`` exists only inside workerd, so the wrappers reach it through a Worker-side facade: a
JS WorkerEntrypoint, over a real Miniflare service binding, whose ``defaultCache()``/``open()``
return RPC targets with ``match``/``put``/``delete`` forwarding to ``caches.default`` /
``caches.open(name)``. Two Node-proxy gaps are bridged in the facade and said here: a Node
``Response``/``Request`` cannot cross Miniflare's proxy, so the injected ``response_class``
builds a plain ``{body, init}`` the facade turns into a workerd ``Response``, and a request with
a method is sent as ``{url, method}`` and rebuilt as a ``Request``. Hits come back as real
responses (status, headers, body).
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import types

from cloudflarefs.cache.runtime import Cache, CachedResponse, CacheEntry, CacheStorage
from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import await_maybe, to_js
from cloudflarefs.testing.pytest_plugin import run_in_worker

FACADE = """
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";
const key = (r) => typeof r === "string" ? r : new Request(r.url, { method: r.method });
class CacheTarget extends RpcTarget {
  constructor(name) { super(); this.name = name; }
  cache() { return this.name === null ? caches.default : caches.open(this.name); }
  async match(r, o) { return (await this.cache()).match(key(r), o); }
  async put(r, resp) { return (await this.cache()).put(key(r), new Response(resp.body, resp.init)); }
  async delete(r, o) { return (await this.cache()).delete(key(r), o); }
}
export default class extends WorkerEntrypoint {
  fetch() { return new Response("ok"); }
  defaultCache() { return new CacheTarget(null); }
  open(name) { return new CacheTarget(name); }
}
"""
CACHES = {"services": {"CACHES": "cache-facade"}, "workers": {"cache-facade": FACADE}}


@run_in_worker(bindings=CACHES)
async def test_default_and_named_caches_match_put_delete(env):
    class PlainResponse:
        """Builds what the facade turns into a workerd Response (see the module docstring)."""

        @staticmethod
        def new(body, init):
            return to_js({"body": body, "init": init})

    facade = types.SimpleNamespace(
        default=await await_maybe(env.CACHES.defaultCache()), open=env.CACHES.open
    )
    storage = CacheStorage(facade, response_class=PlainResponse)
    default = storage.default
    assert isinstance(default, Cache)
    url = "https://example.com/item"
    assert await default.match(url) is None, "fresh cache"
    entry = CacheEntry(
        b'{"n": 1}',
        headers={"Cache-Control": "max-age=600", "Content-Type": "application/json", "X-Tag": "a"},
    )
    await default.put(url, entry)
    hit = await default.match(url)
    assert isinstance(hit, CachedResponse) and hit.status == 200, hit
    assert hit.headers["x-tag"] == "a" and hit.headers["content-type"] == "application/json", (
        hit.headers
    )
    assert await hit.json() == {"n": 1}
    text_hit = await default.match(url)
    assert await text_hit.text() == '{"n": 1}'

    post = to_js({"url": url, "method": "POST"})
    assert await default.match(post) is None, "only GET matches by default"
    assert await default.match(post, ignore_method=True) is not None, "ignore_method"
    assert await default.delete(post) is False, "delete honours the method too"
    assert await default.delete(post, ignore_method=True) is True
    assert await default.match(url) is None and await default.delete(url) is False

    named = await storage.open("reports")
    await named.put(
        url, CacheEntry("named body", status=203, headers={"cache-control": "max-age=60"})
    )
    assert await default.match(url) is None, "named caches are isolated from default"
    got = await named.match(url)
    assert got.status == 203 and await got.bytes() == b"named body", got
    assert await named.delete(url) is True

    bad = {
        "relative url": lambda: default.match("/item"),
        "ftp url": lambda: default.put("ftp://x/y", CacheEntry("b")),
        "None key": lambda: default.delete(None),
        "bytes key": lambda: default.match(b"https://x"),
        "None response": lambda: default.put(url, None),
        "empty name": lambda: storage.open(""),
    }
    for name, make in bad.items():
        try:
            await make()
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    for name, build in {
        "206": lambda: CacheEntry("x", status=206),
        "vary star": lambda: CacheEntry("x", headers={"Vary": "*"}),
        "status 100": lambda: CacheEntry("x", status=100),
        "int body": lambda: CacheEntry(5),
    }.items():
        try:
            build()
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError:
            pass
