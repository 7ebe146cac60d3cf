"""Queues: queues, consumers (Worker and HTTP pull), send, and pull/ack.

Messages reach the served Worker's ``queue`` handler through Miniflare when it is the queue's
Worker consumer; a queue with an ``http_pull`` consumer is consumed by the hidden ``cfh-api``
worker, which parks its messages in Node for ``messages/pull`` and ``messages/ack``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount, new_queue, now_iso
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

QUEUES = "/accounts/{account_id}/queues"
QUEUE_NOT_FOUND = 11000
CONSUMER_NOT_FOUND = 11001
NAME_EXISTS = 11009
CONSUMER_EXISTS = 11004
DEFAULT_VISIBILITY_MS = 30_000


def register(router: Router, account: LocalAccount) -> None:
    """Add the Queues routes, served from ``account``."""

    def queue(request: Request) -> dict[str, Any]:
        found = account.queues.get(request.params["queue_id"])
        if found is None:
            raise not_found(QUEUE_NOT_FOUND, "Queue does not exist")
        return found

    def consumer(q: dict[str, Any], request: Request) -> dict[str, Any]:
        for c in q["consumers"]:
            if c["consumer_id"] == request.params["consumer_id"]:
                return c
        raise not_found(CONSUMER_NOT_FOUND, "Consumer does not exist")

    def public(q: dict[str, Any]) -> dict[str, Any]:
        return {
            **q,
            "consumers": [public_consumer(c) for c in q["consumers"]],
            "consumers_total_count": len(q["consumers"]),
            "producers": [],
            "producers_total_count": 0,
        }

    def check_name_free(name: str, skip: dict[str, Any] | None = None) -> None:
        if any(q["queue_name"] == name and q is not skip for q in account.queues.values()):
            raise ApiError(409, NAME_EXISTS, f"A queue with name {name} already exists")

    def list_queues(request: Request) -> Response:
        return page_of([public(q) for q in account.queues.values()], request, default_per_page=100)

    def create_queue(request: Request) -> Response:
        name = str(request.json()["queue_name"])
        with account.lock:
            check_name_free(name)
            q = new_queue(name)
            account.queues[q["queue_id"]] = q
            account.mark_stale()
        return envelope({k: q[k] for k in ("queue_id", "queue_name", "created_on", "modified_on")})

    def get_queue(request: Request) -> Response:
        return envelope(public(queue(request)))

    def rename_queue(request: Request) -> Response:
        q = queue(request)
        name = str(request.json()["queue_name"])
        with account.lock:
            check_name_free(name, q)
            q["queue_name"] = name
            q["modified_on"] = now_iso()
            account.mark_stale()
        return envelope({k: q[k] for k in ("queue_id", "queue_name", "created_on", "modified_on")})

    def delete_queue(request: Request) -> Response:
        q = queue(request)
        with account.lock:
            account.queues.pop(q["queue_id"], None)
            account.mark_stale()
        return envelope(None)

    def list_consumers(request: Request) -> Response:
        q = queue(request)
        return page_of([public_consumer(c) for c in q["consumers"]], request, default_per_page=100)

    def create_consumer(request: Request) -> Response:
        q = queue(request)
        body = request.json_object()
        kind = str(body.get("type") or "worker")
        if kind not in ("worker", "http_pull"):
            raise validation_error(f"consumer type must be worker or http_pull, got {kind!r}")
        if kind == "worker" and not body.get("script_name"):
            raise validation_error("a worker consumer needs script_name")
        with account.lock:
            if q["consumers"]:
                raise ApiError(409, CONSUMER_EXISTS, "This queue already has a consumer")
            record = {
                "consumer_id": uuid.uuid4().hex,
                "type": kind,
                "script": body.get("script_name"),
                "queue_name": q["queue_name"],
                "created_on": now_iso(),
                "settings": _settings(as_object(body.get("settings") or {}, "settings"), kind),
                "dead_letter_queue": body.get("dead_letter_queue"),
            }
            q["consumers"].append(record)
            account.mark_stale()
            # Applied now, not lazily: the Worker may send to this queue before any API call.
            account.sync()
        return envelope(public_consumer(record))

    def update_consumer(request: Request) -> Response:
        q = queue(request)
        record = consumer(q, request)
        body = request.json_object()
        with account.lock:
            record["settings"] = {
                **record["settings"],
                **as_object(body.get("settings") or {}, "settings"),
            }
            if "dead_letter_queue" in body:
                record["dead_letter_queue"] = body["dead_letter_queue"]
            if body.get("script_name"):
                record["script"] = body["script_name"]
            account.mark_stale()
        return envelope(public_consumer(record))

    def delete_consumer(request: Request) -> Response:
        q = queue(request)
        record = consumer(q, request)
        with account.lock:
            q["consumers"].remove(record)
            account.mark_stale()
            account.sync()
        return envelope(None)

    def pull_consumer(q: dict[str, Any]) -> dict[str, Any]:
        for c in q["consumers"]:
            if c["type"] == "http_pull":
                return c
        raise ApiError(400, CONSUMER_NOT_FOUND, "This queue has no http_pull consumer")

    def pull(request: Request) -> Response:
        q = queue(request)
        settings = pull_consumer(q)["settings"]
        body = request.json_object() if request.body else {}
        got = account.node(
            "api_queue",
            op="pull",
            queue=q["queue_name"],
            batch_size=int(body.get("batch_size") or settings.get("batch_size") or 5),
            visibility_timeout_ms=int(
                body.get("visibility_timeout_ms")
                or settings.get("visibility_timeout_ms")
                or DEFAULT_VISIBILITY_MS
            ),
        )
        messages = [
            {
                "id": m["id"],
                "body": m["body"],
                "attempts": m["attempts"],
                "lease_id": m["lease_id"],
                "timestamp_ms": m["timestamp_ms"],
                "metadata": {"CF-Content-Type": m["content_type"]},
            }
            for m in got
        ]
        return envelope(messages)

    def ack(request: Request) -> Response:
        q = queue(request)
        pull_consumer(q)
        body = request.json_object() if request.body else {}
        result = account.node(
            "api_queue",
            op="ack",
            queue=q["queue_name"],
            acks=[str(as_object(a, "ack")["lease_id"]) for a in as_list(body.get("acks"), "acks")],
            retries=[
                {"lease_id": str(r["lease_id"]), "delay_seconds": r.get("delay_seconds")}
                for r in (as_object(x, "retry") for x in as_list(body.get("retries"), "retries"))
            ],
        )
        return envelope(result)

    def send(messages: list[Any], q: dict[str, Any]) -> None:
        wire: list[dict[str, Any]] = []
        for m in (as_object(x, "message") for x in messages):
            if "body" not in m:
                raise validation_error("each message needs a body")
            kind = str(m.get("content_type") or "json")
            if kind not in ("json", "text", "bytes", "v8"):
                raise validation_error(f"unknown content_type {kind!r}")
            body: Any = m["body"]
            wire.append(
                {
                    "body": json.dumps(body) if kind == "json" else str(body),
                    "content_type": "text" if kind == "text" else kind,
                    "delay_seconds": m.get("delay_seconds"),
                }
            )
        account.node("api_queue", op="send", queue=q["queue_name"], messages=wire)

    def send_one(request: Request) -> Response:
        q = queue(request)
        send([request.json_object()], q)
        return envelope(None)

    def send_batch(request: Request) -> Response:
        q = queue(request)
        send(as_list(request.json_object().get("messages"), "messages"), q)
        return envelope(None)

    add = router.add
    add("GET", QUEUES, list_queues, spec="queues")
    add("POST", QUEUES, create_queue, spec="queues")
    add("GET", QUEUES + "/{queue_id}", get_queue, spec="queues")
    add("PUT", QUEUES + "/{queue_id}", rename_queue, spec="queues")
    add("DELETE", QUEUES + "/{queue_id}", delete_queue, spec="queues")
    add("GET", QUEUES + "/{queue_id}/consumers", list_consumers, spec="queues")
    add("POST", QUEUES + "/{queue_id}/consumers", create_consumer, spec="queues")
    add("PUT", QUEUES + "/{queue_id}/consumers/{consumer_id}", update_consumer, spec="queues")
    add("DELETE", QUEUES + "/{queue_id}/consumers/{consumer_id}", delete_consumer, spec="queues")
    add("POST", QUEUES + "/{queue_id}/messages/pull", pull, spec="queues")
    add("POST", QUEUES + "/{queue_id}/messages/ack", ack, spec="queues")
    # Sending is newer than the vendored slice (2024): validated against the overlay's additions.
    add("POST", QUEUES + "/{queue_id}/messages", send_one, spec="queues")
    add("POST", QUEUES + "/{queue_id}/messages/batch", send_batch, spec="queues")


def public_consumer(c: dict[str, Any]) -> dict[str, Any]:
    """A consumer as the API shows it."""
    out = {k: v for k, v in c.items() if v is not None}
    if c.get("script"):
        out["script_name"] = c["script"]
    return out


def _settings(given: dict[str, Any], kind: str) -> dict[str, Any]:
    defaults: dict[str, Any] = {"batch_size": 10, "max_retries": 3}
    if kind == "worker":
        defaults["max_wait_time_ms"] = 5000
    else:
        defaults["visibility_timeout_ms"] = DEFAULT_VISIBILITY_MS
    return {**defaults, **{k: v for k, v in given.items() if v is not None}}
