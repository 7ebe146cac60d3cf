"""Workers KV: namespaces, keys (cursor pages), values with metadata and expiration, bulk."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount, b64, unb64
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    as_list,
    as_object,
    envelope,
    not_found,
    page_of,
    validation_error,
)

NS = "/accounts/{account_id}/storage/kv/namespaces"
NAMESPACE_NOT_FOUND = 10013
KEY_NOT_FOUND = 10009
TITLE_EXISTS = 10014
MAX_KEY_BYTES = 512
MAX_METADATA_BYTES = 1024
MIN_TTL = 60


def register(router: Router, account: LocalAccount) -> None:
    """Add the KV routes, served from ``account``."""

    def namespace(request: Request) -> dict[str, Any]:
        found = account.kv.get(request.params["namespace_id"])
        if found is None:
            raise not_found(NAMESPACE_NOT_FOUND, "namespace not found")
        return found

    def key_name(request: Request) -> str:
        key = request.params["key_name"]
        _check_key(key)
        return key

    def list_namespaces(request: Request) -> Response:
        order = str(request.arg("order", "id") or "id")
        items = sorted(account.kv.values(), key=lambda n: str(n[order]))
        if request.arg("direction") == "desc":
            items.reverse()
        return page_of(items, request)

    def create_namespace(request: Request) -> Response:
        title = str(request.json()["title"])
        with account.lock:
            if any(n["title"] == title for n in account.kv.values()):
                raise ApiError(
                    400, TITLE_EXISTS, "a namespace with this account ID and title already exists"
                )
            ns: dict[str, Any] = {
                "id": uuid.uuid4().hex,
                "title": title,
                "supports_url_encoding": True,
            }
            account.kv[ns["id"]] = ns
            account.mark_stale()
        return envelope(ns)

    def get_namespace(request: Request) -> Response:
        return envelope(namespace(request))

    def rename_namespace(request: Request) -> Response:
        ns = namespace(request)
        title = str(request.json()["title"])
        with account.lock:
            if any(n["title"] == title and n is not ns for n in account.kv.values()):
                raise ApiError(
                    400, TITLE_EXISTS, "a namespace with this account ID and title already exists"
                )
            ns["title"] = title
        return envelope(None)

    def delete_namespace(request: Request) -> Response:
        ns = namespace(request)
        account.node("api_kv", op="clear", namespace=ns["id"])
        with account.lock:
            account.kv.pop(ns["id"], None)
            account.mark_stale()
        return envelope(None)

    def list_keys(request: Request) -> Response:
        ns = namespace(request)
        limit = request.int_arg("limit", 1000)
        page = account.node(
            "api_kv",
            op="list",
            namespace=ns["id"],
            prefix=request.arg("prefix"),
            limit=limit,
            cursor=request.arg("cursor"),
        )
        keys = [_key_entry(k) for k in page["keys"]]
        return envelope(keys, result_info={"count": len(keys), "cursor": page["cursor"]})

    def get_value(request: Request) -> Response:
        ns = namespace(request)
        found = account.node("api_kv", op="get", namespace=ns["id"], key=key_name(request))
        if found is None:
            raise not_found(KEY_NOT_FOUND, "key not found")
        return Response(200, unb64(found["value"]), "application/octet-stream")

    def get_metadata(request: Request) -> Response:
        ns = namespace(request)
        found = account.node("api_kv", op="get", namespace=ns["id"], key=key_name(request))
        if found is None:
            raise not_found(KEY_NOT_FOUND, "key not found")
        return envelope(found["metadata"])

    def put_value(request: Request) -> Response:
        ns = namespace(request)
        key = key_name(request)
        metadata: Any = None
        if request.content_type == "multipart/form-data":
            parts = request.form()
            value = parts["value"].data
            if "metadata" in parts:
                try:
                    metadata = json.loads(parts["metadata"].text)
                except ValueError:
                    raise validation_error("metadata must be JSON") from None
        else:
            value = request.body
        pair = _pair(key, value, metadata, request.arg("expiration"), request.arg("expiration_ttl"))
        account.node("api_kv", op="put_many", namespace=ns["id"], pairs=[pair])
        return envelope({})

    def delete_value(request: Request) -> Response:
        ns = namespace(request)
        account.node("api_kv", op="delete_many", namespace=ns["id"], keys=[key_name(request)])
        return envelope({})

    def bulk_write(request: Request) -> Response:
        ns = namespace(request)
        pairs: list[dict[str, Any]] = []
        for item in (as_object(x, "item") for x in as_list(request.json(), "body")):
            raw = str(item["value"])
            value = unb64(raw) if item.get("base64") else raw.encode()
            pairs.append(
                _pair(
                    str(item["key"]),
                    value,
                    item.get("metadata"),
                    item.get("expiration"),
                    item.get("expiration_ttl"),
                )
            )
        account.node("api_kv", op="put_many", namespace=ns["id"], pairs=pairs)
        return envelope({"successful_key_count": len(pairs), "unsuccessful_keys": []})

    def bulk_delete(request: Request) -> Response:
        ns = namespace(request)
        keys = [str(k) for k in as_list(request.json(), "body")]
        for key in keys:
            _check_key(key)
        account.node("api_kv", op="delete_many", namespace=ns["id"], keys=keys)
        return envelope({"successful_key_count": len(keys), "unsuccessful_keys": []})

    def bulk_get(request: Request) -> Response:
        ns = namespace(request)
        body = request.json_object()
        keys = [str(k) for k in as_list(body.get("keys"), "keys")]
        if not 1 <= len(keys) <= 100:
            raise validation_error("between 1 and 100 keys can be read at once")
        found = account.node("api_kv", op="get_many", namespace=ns["id"], keys=keys)
        as_json = body.get("type") == "json"
        values: dict[str, Any] = {}
        for entry in found:
            value: Any = None
            if entry["value"] is not None:
                text = unb64(entry["value"]).decode()
                value = json.loads(text) if as_json else text
            values[entry["key"]] = (
                {"value": value, "metadata": entry["metadata"]}
                if body.get("withMetadata")
                else value
            )
        return envelope({"values": values})

    add = router.add
    add("GET", NS, list_namespaces, spec="kv")
    add("POST", NS, create_namespace, spec="kv")
    add("GET", NS + "/{namespace_id}", get_namespace, spec="kv")
    add("PUT", NS + "/{namespace_id}", rename_namespace, spec="kv")
    add("DELETE", NS + "/{namespace_id}", delete_namespace, spec="kv")
    add("GET", NS + "/{namespace_id}/keys", list_keys, spec="kv")
    add("GET", NS + "/{namespace_id}/values/{key_name}", get_value, spec="kv")
    add("PUT", NS + "/{namespace_id}/values/{key_name}", put_value, spec="kv")
    add("DELETE", NS + "/{namespace_id}/values/{key_name}", delete_value, spec="kv")
    add("GET", NS + "/{namespace_id}/metadata/{key_name}", get_metadata, spec="kv")
    add("PUT", NS + "/{namespace_id}/bulk", bulk_write, spec="kv")
    add("DELETE", NS + "/{namespace_id}/bulk", bulk_delete, spec="kv")
    add("POST", NS + "/{namespace_id}/bulk/delete", bulk_delete, spec="kv")
    # Newer than the vendored slice (bulk reads, 2025): validated against the overlay's addition.
    add("POST", NS + "/{namespace_id}/bulk/get", bulk_get, spec="kv")


def _key_entry(key: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": key["name"]}
    if key.get("expiration") is not None:
        out["expiration"] = key["expiration"]
    if key.get("metadata") is not None:
        out["metadata"] = key["metadata"]
    return out


def _check_key(key: str) -> None:
    if not key or key in (".", ".."):
        raise validation_error(f"invalid key name {key!r}", code=10019)
    if len(key.encode()) > MAX_KEY_BYTES:
        raise validation_error(f"key names are at most {MAX_KEY_BYTES} bytes", code=10019)


def _pair(
    key: str, value: bytes, metadata: Any, expiration: Any, expiration_ttl: Any
) -> dict[str, Any]:
    _check_key(key)
    if metadata is not None and len(json.dumps(metadata).encode()) > MAX_METADATA_BYTES:
        raise validation_error(f"metadata is at most {MAX_METADATA_BYTES} bytes", code=10023)
    pair: dict[str, Any] = {"key": key, "value": b64(value), "metadata": metadata}
    if expiration is not None:
        when = int(float(expiration))
        if when < time.time() + MIN_TTL:
            raise validation_error(
                f"Invalid expiration of {when}. Expiration times must be at least {MIN_TTL} seconds in the future.",
                code=10025,
            )
        pair["expiration"] = when
    if expiration_ttl is not None:
        ttl = int(float(expiration_ttl))
        if ttl < MIN_TTL:
            raise validation_error(
                f"Invalid expiration_ttl of {ttl}. Expiration TTL must be at least {MIN_TTL}.",
                code=10026,
            )
        pair["expiration_ttl"] = ttl
    return pair
