"""Sample Python Worker: a file server on R2 with expiring, HMAC-signed download links.

Routes that need ``Authorization: Bearer <ADMIN_TOKEN>``:
    PUT    /files/<key>                      upload in one request (Content-Type is kept)
    GET    /files?prefix=&delimiter=/        list objects and "folders" (delimited prefixes)
    GET    /files/<key>                      download (Range and conditional requests)
    DELETE /files/<key>                      delete
    POST   /uploads/<key>                    start a multipart upload -> upload_id
    PUT    /uploads/<key>?upload_id=&part=N  upload part N (all but the last >= 5 MiB)
    POST   /uploads/<key>?upload_id=         complete: JSON {"parts": [{"part", "etag"}]}
    DELETE /uploads/<key>?upload_id=         abort
    POST   /links/<key>?expires_in=seconds   a signed download link
Public:
    GET    /download/<key>?expires=&sig=     download through a signed link

Downloads answer ``Range: bytes=...`` with ``206`` and ``If-None-Match`` /
``If-Modified-Since`` with ``304``; R2 evaluates both (``range`` and ``only_if``).
"""

import hmac
import json
import time
from urllib.parse import parse_qs, quote, unquote, urlparse

from http_conditions import content_range, http_date, parse_conditional, parse_range, satisfiable
from signing import sign, verify
from workers import Response, WorkerEntrypoint

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.r2.runtime import R2Bucket, R2HTTPMetadata, R2ObjectBody, R2UploadedPart
from cloudflarefs.workers.runtime import Env, Secret


class FilesEnv(Env):
    FILES: R2Bucket
    ADMIN_TOKEN: Secret[str]
    SIGNING_KEY: Secret[str]
    MAX_LINK_SECONDS: int


def json_response(data, status=200, headers=None):
    body = json.dumps(data) + "\n"  # the newline keeps `curl` output readable
    return Response(
        body, status=status, headers={"content-type": "application/json", **(headers or {})}
    )


def error(message, status):
    return json_response({"error": message}, status=status)


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = FilesEnv.from_js(self.env)
        url = urlparse(request.url)
        route, _, rest = url.path.lstrip("/").partition("/")
        key = unquote(rest)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        method = request.method
        try:
            if route == "download" and method == "GET" and key:
                return await signed_download(env, key, query, request.headers)
            if not authorized(env, request.headers.get("authorization")):
                return error("missing or wrong bearer token", 401)
            if route == "files" and not key and method == "GET":
                return await list_files(env, query)
            if route == "files" and key:
                if method == "PUT":
                    content_type = request.headers.get("content-type")
                    return await upload(env, key, await request.bytes(), content_type)
                if method == "GET":
                    return await serve(env.FILES, key, request.headers)
                if method == "DELETE":
                    await env.FILES.delete(key)
                    return json_response({"deleted": key})
            if route == "uploads" and key:
                return await multipart(env, method, key, query, request)
            if route == "links" and key and method == "POST":
                return await make_link(env, url, key, query)
        except InvalidInputError as exc:  # refused by the typed packages before any R2 call
            return error(str(exc), 400)
        return error("not found", 404)


def authorized(env, header):
    expected = f"Bearer {env.ADMIN_TOKEN.get_secret_value()}"
    return hmac.compare_digest((header or "").encode(), expected.encode())


def describe(obj):
    return {
        "key": obj.key,
        "size": obj.size,
        "etag": obj.etag,
        "uploaded": obj.uploaded.isoformat(),
        "content_type": obj.http_metadata.content_type if obj.http_metadata else None,
    }


async def upload(env, key, data, content_type):
    stored = await env.FILES.put(
        key, data, http_metadata=R2HTTPMetadata(content_type=content_type or None)
    )
    return json_response(describe(stored), status=201)


async def list_files(env, query):
    page = await env.FILES.list(
        prefix=query.get("prefix"),
        delimiter=query.get("delimiter"),
        cursor=query.get("cursor"),
        limit=int(query["limit"]) if query.get("limit", "").isdigit() else None,
        include=["httpMetadata"],
    )
    return json_response(
        {
            "objects": [describe(obj) for obj in page.objects],
            "prefixes": list(page.delimited_prefixes),
            "truncated": page.truncated,
            "cursor": page.cursor,
        }
    )


async def multipart(env, method, key, query, request):
    upload_id = query.get("upload_id")
    if method == "POST" and upload_id is None:
        content_type = request.headers.get("content-type")
        started = await env.FILES.create_multipart_upload(
            key, http_metadata=R2HTTPMetadata(content_type=content_type or None)
        )
        return json_response({"key": key, "upload_id": started.upload_id}, status=201)
    if upload_id is None:
        return error("upload_id is required", 400)
    upload_ = env.FILES.resume_multipart_upload(key, upload_id)
    try:
        if method == "PUT":
            if not query.get("part", "").isdigit():
                return error("part must be a number", 400)
            part = await upload_.upload_part(int(query["part"]), await request.bytes())
            return json_response({"part": part.part_number, "etag": part.etag})
        if method == "POST":
            try:
                parts = [
                    R2UploadedPart(part_number=int(p["part"]), etag=str(p["etag"]))
                    for p in json.loads(await request.text())["parts"]
                ]
            except (ValueError, KeyError, TypeError):
                return error('body must be {"parts": [{"part": n, "etag": "..."}]}', 400)
            return json_response(describe(await upload_.complete(parts)), status=201)
        if method == "DELETE":
            await upload_.abort()
            return json_response({"aborted": upload_id})
    except JsError as exc:  # R2 refused the upload id, a part, or the part list
        return error(str(exc), 400)
    return error("not found", 404)


async def make_link(env, url, key, query):
    if await env.FILES.head(key) is None:
        return error("no such file", 404)
    seconds = query.get("expires_in", "3600")
    if not seconds.isdigit() or not 1 <= int(seconds) <= env.MAX_LINK_SECONDS:
        return error(f"expires_in must be 1..{env.MAX_LINK_SECONDS} seconds", 400)
    expires = int(time.time()) + int(seconds)
    sig = await sign(env.SIGNING_KEY.get_secret_value(), key, expires)
    link = f"{url.scheme}://{url.netloc}/download/{quote(key)}?expires={expires}&sig={sig}"
    return json_response({"url": link, "expires": expires})


async def signed_download(env, key, query, headers):
    expires, sig = query.get("expires", ""), query.get("sig", "")
    if not expires.isdigit() or not sig:
        return error("a signed link needs expires and sig", 403)
    if not await verify(env.SIGNING_KEY.get_secret_value(), key, int(expires), sig):
        return error("bad signature", 403)
    if int(expires) < time.time():
        return error("link expired", 403)
    return await serve(env.FILES, key, headers)


async def serve(bucket, key, headers):
    requested = parse_range(headers.get("range"))
    conditional = parse_conditional(headers)
    try:
        if conditional is None:
            obj = await bucket.get(key, range=requested)
        else:
            obj = await bucket.get(key, range=requested, only_if=conditional)
    except JsError:
        # R2 refuses a range that starts past the end; answer 416 with the real size.
        head = await bucket.head(key) if requested else None
        if head is None or satisfiable(requested, head.size):
            raise
        return Response("", status=416, headers={"content-range": f"bytes */{head.size}"})
    if obj is None:
        return error("no such file", 404)
    meta = {
        "etag": obj.http_etag,
        "last-modified": http_date(obj.uploaded),
        "accept-ranges": "bytes",
    }
    if not isinstance(obj, R2ObjectBody):  # the precondition failed: not modified
        return Response(None, status=304, headers=meta)
    meta["content-type"] = (obj.http_metadata and obj.http_metadata.content_type) or (
        "application/octet-stream"
    )
    body = obj.js_object.body  # streamed from R2, never held whole in memory
    if requested is None:
        return Response(body, status=200, headers=meta)
    return Response(
        body, status=206, headers={**meta, "content-range": content_range(requested, obj.size)}
    )
