"""D1: databases (page lists), query and raw with parameters. Export/import are not served."""

from __future__ import annotations

import uuid
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount, new_database
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    envelope,
    not_found,
    page_of,
)

DB = "/accounts/{account_id}/d1/database"
DATABASE_NOT_FOUND = 7404
NAME_EXISTS = 7502
SQL_ERROR = 7500
NOT_SERVED = 7501


def register(router: Router, account: LocalAccount) -> None:
    """Add the D1 routes, served from ``account``."""

    def database(request: Request) -> dict[str, Any]:
        found = account.d1.get(request.params["database_id"])
        if found is None:
            raise not_found(DATABASE_NOT_FOUND, "The database could not be found")
        return found

    def list_databases(request: Request) -> Response:
        name = request.arg("name")
        items = [d for d in account.d1.values() if name is None or name in d["name"]]
        return page_of(items, request, default_per_page=1000)

    def create_database(request: Request) -> Response:
        name = str(request.json()["name"])
        with account.lock:
            if any(d["name"] == name for d in account.d1.values()):
                raise ApiError(400, NAME_EXISTS, f"A database with name '{name}' already exists")
            db = new_database(str(uuid.uuid4()), name)
            account.d1[db["uuid"]] = db
            account.mark_stale()
        return envelope(db)

    def get_database(request: Request) -> Response:
        return envelope(database(request))

    def delete_database(request: Request) -> Response:
        db = database(request)
        account.node("api_d1", op="clear", database=db["uuid"])
        with account.lock:
            account.d1.pop(db["uuid"], None)
            account.mark_stale()
        return envelope(None)

    def run(op: str) -> Any:
        def handler(request: Request) -> Response:
            db = database(request)
            body = request.json()
            try:
                results = account.node(
                    "api_d1",
                    op=op,
                    database=db["uuid"],
                    sql=str(body["sql"]),
                    params=list(body.get("params") or []),
                )
            except ApiError as err:
                raise ApiError(400, SQL_ERROR, err.message) from None
            return envelope(results)

        return handler

    def not_served(request: Request) -> Response:
        raise ApiError(
            501,
            NOT_SERVED,
            "D1 export/import are not served by the local API (Miniflare has no export); "
            "run the SQL through /query instead",
        )

    add = router.add
    add("GET", DB, list_databases, spec="d1")
    add("POST", DB, create_database, spec="d1")
    add("GET", DB + "/{database_id}", get_database, spec="d1")
    add("DELETE", DB + "/{database_id}", delete_database, spec="d1")
    add("POST", DB + "/{database_id}/query", run("query"), spec="d1")
    add("POST", DB + "/{database_id}/raw", run("raw"), spec="d1")
    add("POST", DB + "/{database_id}/export", not_served, spec="d1")
    add("POST", DB + "/{database_id}/import", not_served, spec="d1")
