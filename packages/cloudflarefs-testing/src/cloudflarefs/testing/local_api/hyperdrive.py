"""Hyperdrive: configs pointing at a (local) Postgres; a Worker's binding connects to its origin."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from cloudflarefs.testing.local_api._account import LocalAccount, now_iso
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    as_object,
    envelope,
    not_found,
    validation_error,
)

CONFIGS = "/accounts/{account_id}/hyperdrive/configs"
CONFIG_NOT_FOUND = 2005
NAME_EXISTS = 2017


def connection_string(config: dict[str, Any]) -> str:
    """``postgresql://user:password@host:port/database`` for a stored config (with secret)."""
    o = config["origin"]
    user = quote(str(o.get("user", "")), safe="")
    password = quote(str(o.get("password", "")), safe="")
    port = o.get("port") or 5432
    return (
        f"{o.get('scheme') or 'postgresql'}://{user}:{password}@{o['host']}:{port}/{o['database']}"
    )


def _public(config: dict[str, Any]) -> dict[str, Any]:
    # The origin's password is write-only, as in the real API.
    origin = {k: v for k, v in config["origin"].items() if k != "password"}
    return {**config, "origin": origin}


def register(router: Router, account: LocalAccount) -> None:
    """Add the Hyperdrive routes, served from ``account``."""

    def config(request: Request) -> dict[str, Any]:
        found = account.hyperdrive.get(request.params["hyperdrive_id"])
        if found is None:
            raise not_found(CONFIG_NOT_FOUND, "Hyperdrive config not found")
        return found

    def check(body: dict[str, Any], skip: dict[str, Any] | None = None) -> None:
        origin = as_object(body.get("origin") or {}, "origin")
        if "host" in origin and not str(origin["host"]):
            raise validation_error("origin.host must not be empty")
        name = body.get("name")
        if any(c["name"] == name and c is not skip for c in account.hyperdrive.values()):
            raise ApiError(409, NAME_EXISTS, f"A Hyperdrive config named {name} already exists")

    def list_configs(request: Request) -> Response:
        return envelope([_public(c) for c in account.hyperdrive.values()])

    def create_config(request: Request) -> Response:
        body = request.json_object()
        with account.lock:
            check(body)
            record: dict[str, Any] = {
                "id": uuid.uuid4().hex,
                "name": body["name"],
                "origin": dict(body["origin"]),
                "caching": body.get("caching") or {"disabled": False},
                "created_on": now_iso(),
                "modified_on": now_iso(),
            }
            account.hyperdrive[record["id"]] = record
        return envelope(_public(record))

    def get_config(request: Request) -> Response:
        return envelope(_public(config(request)))

    def replace_config(request: Request) -> Response:
        record = config(request)
        body = request.json_object()
        with account.lock:
            check(body, record)
            record.update(
                name=body["name"],
                origin=dict(body["origin"]),
                caching=body.get("caching") or {"disabled": False},
                modified_on=now_iso(),
            )
            account.mark_stale()
        return envelope(_public(record))

    def edit_config(request: Request) -> Response:
        record = config(request)
        body = request.json_object()
        with account.lock:
            check(body, record)
            if "name" in body:
                record["name"] = body["name"]
            if "origin" in body:
                record["origin"] = {**record["origin"], **body["origin"]}
            if "caching" in body:
                record["caching"] = {**record["caching"], **body["caching"]}
            record["modified_on"] = now_iso()
            account.mark_stale()
        return envelope(_public(record))

    def delete_config(request: Request) -> Response:
        record = config(request)
        with account.lock:
            account.hyperdrive.pop(record["id"], None)
        return envelope(None)

    add = router.add
    add("GET", CONFIGS, list_configs, spec="hyperdrive")
    add("POST", CONFIGS, create_config, spec="hyperdrive")
    add("GET", CONFIGS + "/{hyperdrive_id}", get_config, spec="hyperdrive")
    add("PUT", CONFIGS + "/{hyperdrive_id}", replace_config, spec="hyperdrive")
    add("PATCH", CONFIGS + "/{hyperdrive_id}", edit_config, spec="hyperdrive")
    add("DELETE", CONFIGS + "/{hyperdrive_id}", delete_config, spec="hyperdrive")
