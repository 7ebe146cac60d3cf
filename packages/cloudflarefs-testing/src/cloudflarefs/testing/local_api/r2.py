"""R2: buckets (v4 API) and objects (the ``/objects/{key}`` routes wrangler uses)."""

from __future__ import annotations

import json
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount, b64, new_bucket, unb64
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    envelope,
    not_found,
)

BUCKETS = "/accounts/{account_id}/r2/buckets"
BUCKET_NOT_FOUND = 10006
BUCKET_EXISTS = 10004
BUCKET_NOT_EMPTY = 10008
OBJECT_NOT_FOUND = 10007


def register(router: Router, account: LocalAccount) -> None:
    """Add the R2 routes, served from ``account``."""

    def bucket(request: Request) -> dict[str, Any]:
        found = account.r2.get(request.params["bucket_name"])
        if found is None:
            raise not_found(BUCKET_NOT_FOUND, "The specified bucket does not exist.")
        return found

    def list_buckets(request: Request) -> Response:
        prefix = request.arg("name_contains") or ""
        start = request.arg("cursor") or request.arg("start_after") or ""
        per_page = request.int_arg("per_page", 20)
        names = sorted(n for n in account.r2 if prefix in n and n > start)
        chunk = names[:per_page]
        cursor = chunk[-1] if len(names) > per_page else ""
        result = {"buckets": [account.r2[n] for n in chunk]}
        return envelope(result, result_info={"cursor": cursor, "per_page": per_page})

    def create_bucket(request: Request) -> Response:
        body = request.json()
        name = str(body["name"])
        with account.lock:
            if name in account.r2:
                raise ApiError(
                    409,
                    BUCKET_EXISTS,
                    "The bucket you tried to create already exists, and you own it.",
                )
            record = new_bucket(name, body.get("locationHint"))
            account.r2[name] = record
            account.mark_stale()
        return envelope(record)

    def get_bucket(request: Request) -> Response:
        return envelope(bucket(request))

    def delete_bucket(request: Request) -> Response:
        name = bucket(request)["name"]
        listed = account.node("api_r2", op="list", bucket=name, limit=1)
        if listed["objects"]:
            raise ApiError(409, BUCKET_NOT_EMPTY, "The bucket you tried to delete is not empty.")
        with account.lock:
            account.r2.pop(name, None)
            account.mark_stale()
        return envelope({})

    def put_object(request: Request) -> Response:
        name = bucket(request)["name"]
        custom: Any = None
        if "cf-r2-custom-metadata" in request.headers:
            custom = json.loads(request.headers["cf-r2-custom-metadata"])
        described = account.node(
            "api_r2",
            op="put",
            bucket=name,
            key=request.params["key"],
            body=b64(request.body),
            content_type=request.headers.get("content-type") or None,
            custom_metadata=custom,
        )
        return envelope(described)

    def get_object(request: Request) -> Response:
        name = bucket(request)["name"]
        found = account.node("api_r2", op="get", bucket=name, key=request.params["key"])
        if found is None:
            raise not_found(OBJECT_NOT_FOUND, "The specified key does not exist.")
        media = found["http_metadata"].get("contentType") or "application/octet-stream"
        headers = (("ETag", f'"{found["etag"]}"'),)
        return Response(200, unb64(found["body"]), media, headers)

    def delete_object(request: Request) -> Response:
        name = bucket(request)["name"]
        account.node("api_r2", op="delete", bucket=name, keys=[request.params["key"]])
        return envelope({})

    def list_objects(request: Request) -> Response:
        name = bucket(request)["name"]
        listed = account.node(
            "api_r2",
            op="list",
            bucket=name,
            prefix=request.arg("prefix"),
            cursor=request.arg("cursor"),
            limit=request.int_arg("per_page", 1000),
            delimiter=request.arg("delimiter"),
        )
        info = {
            "cursor": listed["cursor"],
            "is_truncated": listed["truncated"],
            "delimited": listed["delimited_prefixes"],
        }
        return envelope(listed["objects"], result_info=info)

    add = router.add
    add("GET", BUCKETS, list_buckets, spec="r2")
    add("POST", BUCKETS, create_bucket, spec="r2")
    add("GET", BUCKETS + "/{bucket_name}", get_bucket, spec="r2")
    add("DELETE", BUCKETS + "/{bucket_name}", delete_bucket, spec="r2")
    # Object routes are not in the v4 spec slice (wrangler uses them): served, not validated.
    add("GET", BUCKETS + "/{bucket_name}/objects", list_objects, spec=None)
    add("PUT", BUCKETS + "/{bucket_name}/objects/{key*}", put_object, spec=None)
    add("GET", BUCKETS + "/{bucket_name}/objects/{key*}", get_object, spec=None)
    add("DELETE", BUCKETS + "/{bucket_name}/objects/{key*}", delete_object, spec=None)
