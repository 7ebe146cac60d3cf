"""Sample Python Worker: a URL shortener on KV, the Cache API and the rate-limit binding.

Routes:
    POST   /links           JSON ``{"url": ..., "slug"?: ..., "ttl"?: seconds}``; creates a link
                            (rate-limited per client IP); 201 with the short URL
    GET    /links           every link with its metadata and expiry
    GET    /links/<slug>    one link's target and metadata
    DELETE /links/<slug>    removes the link and its cached redirect
    GET    /<slug>          302 to the target; ``x-cache: HIT`` when served from the cache

A link is one KV key ``link:<slug>`` whose value is the target URL and whose metadata holds when
it was made and when it expires; a ``ttl`` becomes the key's ``expiration_ttl``, so KV drops it
by itself. Redirects are put into ``caches.default`` with a ``max-age`` that never outlives the
link, so repeated visits do not read KV.
"""

import json
import re
import secrets
import time
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.cache.runtime import CacheEntry, CacheStorage
from cloudflarefs.core import InvalidInputError
from cloudflarefs.kv.runtime import KVNamespace
from cloudflarefs.rate_limit.runtime import RateLimiter
from cloudflarefs.workers.runtime import Env

PREFIX = "link:"
SLUG = re.compile(r"[A-Za-z0-9_-]{3,32}")


class ShortenerEnv(Env):
    LINKS: KVNamespace
    CREATE_LIMIT: RateLimiter
    REDIRECT_CACHE_SECONDS: int


def json_response(data, status=200, headers=None):
    body = json.dumps(data) + "\n"  # the newline keeps `curl` output readable
    return Response(
        body, status=status, headers={"content-type": "application/json", **(headers or {})}
    )


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = ShortenerEnv.from_js(self.env)
        url = urlparse(request.url)
        origin = f"{url.scheme}://{url.netloc}"
        parts = [p for p in url.path.split("/") if p]
        method = request.method
        try:
            if parts == ["links"] and method == "POST":
                client = request.headers.get("cf-connecting-ip") or "unknown"
                return await create(env, origin, client, await request.text())
            if parts == ["links"] and method == "GET":
                return await list_links(env)
            if len(parts) == 2 and parts[0] == "links" and method == "GET":
                return await describe(env, parts[1])
            if len(parts) == 2 and parts[0] == "links" and method == "DELETE":
                return await remove(env, origin, parts[1])
            if len(parts) == 1 and method == "GET":
                return await follow(env, origin, parts[0])
        except InvalidInputError as exc:  # the typed packages refuse bad input before any call
            return json_response({"error": str(exc)}, status=400)
        return json_response({"error": "not found"}, status=404)


def parse_link_request(text):
    """The validated ``(url, slug, ttl)`` of a create request, or an error message."""
    try:
        data = json.loads(text)
    except ValueError:
        return "body must be JSON"
    if not isinstance(data, dict):
        return "body must be a JSON object"
    target = data.get("url")
    if not isinstance(target, str) or urlparse(target).scheme not in ("http", "https"):
        return "url must be an absolute http(s) URL"
    slug = data.get("slug")
    if slug is not None and (not isinstance(slug, str) or not SLUG.fullmatch(slug)):
        return "slug must be 3-32 letters, digits, '-' or '_'"
    ttl = data.get("ttl")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int)):
        return "ttl must be a whole number of seconds"
    return target, slug or secrets.token_urlsafe(6), ttl


async def create(env, origin, client, body):
    allowed = await env.CREATE_LIMIT.limit(key=client)
    if not allowed:
        return json_response(
            {"error": "rate limit exceeded"}, status=429, headers={"retry-after": "60"}
        )
    parsed = parse_link_request(body)
    if isinstance(parsed, str):
        return json_response({"error": parsed}, status=400)
    target, slug, ttl = parsed
    key = PREFIX + slug
    if await env.LINKS.get(key) is not None:
        return json_response({"error": f"slug {slug!r} is taken"}, status=409)
    now = int(time.time())
    metadata = {"created": now} if ttl is None else {"created": now, "expires": now + ttl}
    # KV refuses a ttl under 60 s with InvalidInputError before writing (answered as a 400).
    await env.LINKS.put(key, target, expiration_ttl=ttl, metadata=metadata)
    return json_response(
        {"slug": slug, "short_url": f"{origin}/{slug}", "url": target, **metadata}, 201
    )


async def describe(env, slug):
    found = await env.LINKS.get_with_metadata(PREFIX + slug)
    if found.value is None:
        return json_response({"error": "no such link"}, status=404)
    return json_response({"slug": slug, "url": found.value, **(found.metadata or {})})


async def list_links(env):
    links = [
        {
            "slug": key.name.removeprefix(PREFIX),
            "expiration": key.expiration.isoformat() if key.expiration else None,
            "metadata": key.metadata,
        }
        async for key in env.LINKS.iter_keys(prefix=PREFIX)
    ]
    return json_response({"links": links})


async def remove(env, origin, slug):
    await env.LINKS.delete(PREFIX + slug)
    purged = await CacheStorage().default.delete(f"{origin}/{slug}")
    return json_response({"deleted": slug, "purged_from_cache": purged})


async def follow(env, origin, slug):
    cache = CacheStorage().default
    cache_key = f"{origin}/{slug}"  # one entry per link, whatever the query string
    hit = await cache.match(cache_key)
    if hit is not None:
        return Response(
            await hit.text(), status=hit.status, headers={**hit.headers, "x-cache": "HIT"}
        )
    found = await env.LINKS.get_with_metadata(PREFIX + slug)
    if found.value is None:
        return json_response({"error": "no such link"}, status=404)
    max_age = env.REDIRECT_CACHE_SECONDS
    expires = (found.metadata or {}).get("expires")
    if expires is not None:
        max_age = min(max_age, max(0, expires - int(time.time())))
    headers = {"location": found.value, "cache-control": f"public, max-age={max_age}"}
    if max_age > 0:
        await cache.put(cache_key, CacheEntry("", status=302, headers=headers))
    return Response("", status=302, headers={**headers, "x-cache": "MISS"})
