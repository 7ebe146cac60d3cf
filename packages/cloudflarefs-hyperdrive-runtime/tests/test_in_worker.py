"""Hyperdrive inside Pyodide against Miniflare's Hyperdrive binding and a real PostgreSQL.

The ``postgres`` fixture (conftest) runs a throwaway cluster on 127.0.0.1; bindings are built
per test from its port, so these tests drive Pyodide through the ``worker`` fixture
(``worker.run``) rather than ``run_in_worker``, whose bindings are fixed at import time.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from __future__ import annotations

import struct
from decimal import Decimal

from cloudflarefs.core import InvalidInputError
from cloudflarefs.hyperdrive.runtime import (
    Hyperdrive,
    PostgresConnection,
    PostgresError,
    QueryResult,
    Socket,
    SocketInfo,
)


async def binding_and_socket(env, password):
    hd = Hyperdrive(env.HD)
    assert (hd.user, hd.database, hd.host) == ("app", "postgres", "127.0.0.1"), repr(hd)
    assert isinstance(hd.port, int) and hd.port > 0, hd.port
    assert hd.password == password, "password property"
    assert password not in repr(hd) and "password=***" in repr(hd), "repr hides the password"
    assert hd.connection_string.startswith("postgres://app:"), "connection string"
    sock = hd.connect()
    assert isinstance(sock, Socket), sock
    info = await sock.opened()
    assert isinstance(info, SocketInfo) and info.remote_address, info
    assert sock.readable is not None and sock.writable is not None, "raw streams"
    body = struct.pack("!I", 196608) + b"user\0app\0database\0postgres\0\0"
    await sock.write(struct.pack("!I", len(body) + 4) + body)
    reply = await sock.read()
    assert reply is not None and reply[:1] == b"R", reply  # an authentication request
    try:
        await sock.write("text")
        raise AssertionError("str accepted by write")
    except InvalidInputError:
        pass
    await sock.close()
    await sock.closed()
    try:
        Hyperdrive(None)
        raise AssertionError("None binding accepted")
    except InvalidInputError:
        pass


def test_binding_fields_and_socket(worker, hyperdrive_bindings, postgres):
    worker.configure(hyperdrive_bindings)
    worker.run(binding_and_socket, password=postgres["passwords"]["app"])


async def scram_queries(env):
    async with await PostgresConnection.connect(Hyperdrive(env.HD)) as pg:
        assert pg.parameters.get("server_version"), pg.parameters
        results = await pg.query_all(
            "create temp table t (id int8, name text, ok bool, price numeric, ratio float8,"
            " blob bytea, missing text);"
            "insert into t values (1, 'ünï', true, 12.50, 0.25, '\\x00ff', null),"
            " (2, 'b', false, 0, -1.5, '', null)"
        )
        assert [r.command for r in results] == ["CREATE TABLE", "INSERT 0 2"], results
        rows = await pg.query("select * from t order by id")
        assert isinstance(rows, QueryResult) and rows.command == "SELECT 2", rows
        assert rows.columns == ("id", "name", "ok", "price", "ratio", "blob", "missing"), rows
        assert rows.rows[0] == (1, "ünï", True, Decimal("12.50"), 0.25, b"\x00\xff", None), rows
        assert rows.as_dicts()[1]["ok"] is False, rows
        try:
            await pg.query("select * from no_such_table")
            raise AssertionError("missing table accepted")
        except PostgresError as exc:
            assert exc.code == "42P01" and exc.severity == "ERROR", exc
        assert (await pg.query("select 1 as one")).rows == ((1,),), "usable after an error"
        for bad in ("", "   ", "select 1\x00"):
            try:
                await pg.query(bad)
                raise AssertionError(f"{bad!r} accepted")
            except InvalidInputError:
                pass
    try:
        await pg.query("select 1")
        raise AssertionError("query after close accepted")
    except InvalidInputError:
        pass


def test_scram_login_and_queries(worker, hyperdrive_bindings):
    worker.configure(hyperdrive_bindings)
    worker.run(scram_queries)


async def other_auth_methods(env):
    for name in ("HD_MD5", "HD_PLAIN"):
        hd = Hyperdrive(getattr(env, name))
        async with await PostgresConnection.connect(hd) as pg:
            result = await pg.query("select current_user")
            assert result.rows == ((hd.user,),), (name, result)
    try:
        await PostgresConnection.connect(Hyperdrive(env.HD_BAD))
        raise AssertionError("wrong password accepted")
    except PostgresError as exc:
        assert exc.code == "28P01", exc  # invalid_password
        assert "not-the-password" not in str(exc), "the password is not echoed"


def test_md5_and_cleartext_login_and_wrong_password(worker, hyperdrive_bindings):
    worker.configure(hyperdrive_bindings)
    worker.run(other_auth_methods)
