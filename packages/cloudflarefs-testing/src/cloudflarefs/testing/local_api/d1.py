"""D1: databases (page lists), query and raw with parameters, SQL export and import.

Export and import complete at once; their presigned URLs point back at the local server.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from cloudflarefs.testing.local_api._account import LocalAccount, new_database
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
)

DB = "/accounts/{account_id}/d1/database"
DATABASE_NOT_FOUND = 7404
NAME_EXISTS = 7502
SQL_ERROR = 7500
IMPORT_FAILED = 7501


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

    imports: dict[str, dict[str, Any]] = {}  # bookmark -> what an ingest did

    def export(request: Request) -> Response:
        db = database(request)
        body = request.json_object()
        options = as_object(body.get("dump_options") or {}, "dump_options")
        bookmark = str(body.get("current_bookmark") or _bookmark())
        dump = account.node(
            "api_d1",
            op="dump",
            database=db["uuid"],
            tables=[str(t) for t in as_list(options.get("tables"), "tables")],
            no_data=bool(options.get("no_data")),
            no_schema=bool(options.get("no_schema")),
        )
        filename = f"{db['uuid']}-{bookmark}.sql"
        account.files[filename] = str(dump["sql"]).encode()
        return envelope(
            {
                "at_bookmark": bookmark,
                "status": "complete",
                "success": True,
                "type": "export",
                "messages": [],
                "result": {"filename": filename, "signed_url": _file_url(request, filename)},
            }
        )

    def import_(request: Request) -> Response:
        db = database(request)
        body = request.json_object()
        action = body.get("action")
        if action == "init":
            filename = f"{db['uuid']}-{body['etag']}.sql"
            return envelope(
                {
                    "success": True,
                    "type": "import",
                    "filename": filename,
                    "upload_url": _file_url(request, filename),
                }
            )
        if action == "ingest":
            filename = str(body["filename"])
            data = account.files.get(filename)
            if data is None:
                raise ApiError(400, IMPORT_FAILED, f"nothing was uploaded as {filename}")
            if hashlib.md5(data).hexdigest() != body["etag"]:
                raise ApiError(400, IMPORT_FAILED, "the uploaded file does not match the etag")
            try:
                done = account.node("api_d1", op="import", database=db["uuid"], sql=data.decode())
            except ApiError as err:
                raise ApiError(400, IMPORT_FAILED, err.message) from None
            bookmark = _bookmark()
            imports[bookmark] = {"num_queries": done["num_queries"], "final_bookmark": _bookmark()}
            return envelope(_import_state(bookmark, imports[bookmark]))
        bookmark = str(body.get("current_bookmark"))
        if bookmark not in imports:
            raise ApiError(400, IMPORT_FAILED, f"no import with bookmark {bookmark}")
        return envelope(_import_state(bookmark, imports[bookmark]))

    add = router.add
    add("GET", DB, list_databases, spec="d1")
    add("POST", DB, create_database, spec="d1")
    add("GET", DB + "/{database_id}", get_database, spec="d1")
    add("DELETE", DB + "/{database_id}", delete_database, spec="d1")
    add("POST", DB + "/{database_id}/query", run("query"), spec="d1")
    add("POST", DB + "/{database_id}/raw", run("raw"), spec="d1")
    add("POST", DB + "/{database_id}/export", export, spec="d1")
    add("POST", DB + "/{database_id}/import", import_, spec="d1")


def _bookmark() -> str:
    return uuid.uuid4().hex


def _file_url(request: Request, filename: str) -> str:
    # The "presigned" URL points back at this server (as seen by the caller).
    host = request.headers.get("host", "127.0.0.1")
    return f"http://{host}/local-files/{filename}"


def _import_state(bookmark: str, done: dict[str, Any]) -> dict[str, Any]:
    return {
        "at_bookmark": bookmark,
        "status": "complete",
        "success": True,
        "type": "import",
        "messages": [],
        "result": {
            "num_queries": done["num_queries"],
            "final_bookmark": done["final_bookmark"],
            "meta": {"served_by": "cloudflarefs-local-api"},
        },
    }
