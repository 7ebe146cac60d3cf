"""Sample Python Worker: a books API on PostgreSQL through Hyperdrive, measuring connection reuse.

Routes:
    GET  /books         every book, newest first
    POST /books         JSON ``{"title", "author", "year"?}``; 201 with the new row
    GET  /books/<id>    one book
    GET  /stats         how many requests were served and by how many database backends

Every request opens its own connection through the binding and closes it at the end, as
Cloudflare recommends for Hyperdrive: the Worker never keeps a socket between requests (workerd
does not allow I/O objects to outlive their request). Reuse happens behind the binding, where
Hyperdrive keeps a pool of connections to the database. To make that visible, each request
records ``pg_backend_pid()`` (the server process behind its connection) in ``request_log``;
``/stats`` compares requests with distinct backends, and counts the open connections in
``pg_stat_activity``.

The client has no bound parameters, so values from requests go into SQL only through
``sql_literal``.
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.hyperdrive.runtime import (
    Hyperdrive,
    PostgresConnection,
    PostgresError,
    sql_literal,
)
from cloudflarefs.workers.runtime import Env

SCHEMA = """
create table if not exists books (
    id serial primary key, title text not null, author text not null, year int,
    added timestamptz not null default now());
create table if not exists request_log (
    id bigserial primary key, backend_pid int not null, at timestamptz not null default now())
"""
COLUMNS = "id, title, author, year, added::text as added"


class BooksEnv(Env):
    HYPERDRIVE: Hyperdrive


def json_response(data, status=200):
    body = json.dumps(data) + "\n"  # the newline keeps `curl` output readable
    return Response(body, status=status, headers={"content-type": "application/json"})


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        env = BooksEnv.from_js(self.env)
        parts = [p for p in urlparse(request.url).path.split("/") if p]
        method = request.method
        body = await request.text() if method == "POST" else ""
        async with await PostgresConnection.connect(env.HYPERDRIVE) as pg:
            await pg.query_all(SCHEMA)
            await pg.query("insert into request_log (backend_pid) values (pg_backend_pid())")
            try:
                if parts == ["books"] and method == "GET":
                    return await list_books(pg)
                if parts == ["books"] and method == "POST":
                    return await add_book(pg, body)
                if len(parts) == 2 and parts[0] == "books" and method == "GET":
                    return await get_book(pg, parts[1])
                if parts == ["stats"] and method == "GET":
                    return await stats(pg)
            except PostgresError as exc:  # e.g. a constraint the input broke
                return json_response({"error": exc.message, "sqlstate": exc.code}, status=400)
        return json_response({"error": "not found"}, status=404)


async def list_books(pg):
    result = await pg.query(f"select {COLUMNS} from books order by id desc")
    return json_response({"books": result.as_dicts()})


async def add_book(pg, body):
    try:
        data = json.loads(body)
    except ValueError:
        return json_response({"error": "body must be JSON"}, status=400)
    if not isinstance(data, dict):
        return json_response({"error": "body must be a JSON object"}, status=400)
    title, author, year = data.get("title"), data.get("author"), data.get("year")
    if not all(isinstance(v, str) and v.strip() and "\0" not in v for v in (title, author)):
        return json_response({"error": "title and author must be non-empty text"}, status=400)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        return json_response({"error": "year must be a whole number"}, status=400)
    values = ", ".join(sql_literal(v) for v in (title, author, year))
    result = await pg.query(
        f"insert into books (title, author, year) values ({values}) returning {COLUMNS}"
    )
    return json_response(result.as_dicts()[0], status=201)


async def get_book(pg, book_id):
    if not book_id.isdigit():
        return json_response({"error": "no such book"}, status=404)
    result = await pg.query(f"select {COLUMNS} from books where id = {sql_literal(int(book_id))}")
    rows = result.as_dicts()
    return json_response(rows[0]) if rows else json_response({"error": "no such book"}, status=404)


async def stats(pg):
    served = await pg.query(
        "select count(*) as requests, count(distinct backend_pid) as backends from request_log"
    )
    now = await pg.query(
        "select pg_backend_pid() as this_backend, (select count(*) from pg_stat_activity "
        "where datname = current_database() and usename = current_user "
        "and backend_type = 'client backend') as open_connections"
    )
    counts, current = served.as_dicts()[0], now.as_dicts()[0]
    return json_response(
        {
            "requests": counts["requests"],
            "backends": counts["backends"],
            "requests_per_backend": round(counts["requests"] / counts["backends"], 2),
            "this_request_backend": current["this_backend"],
            "open_connections": current["open_connections"],
        }
    )
