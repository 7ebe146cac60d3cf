"""Workers Analytics Engine contract: the SQL operation, sync and async, against Prism.

The SQL API is not in the 2024 spec; the overlay adds it (text/plain SQL in, bytes out, with a
FORMAT JSON answer as the example). Prism checks the text body; the example answer structures
into :class:`SqlResult`.
"""

from __future__ import annotations

from typing import Any

from contract_support.environment import ContractEnvironment

from cloudflarefs.analytics_engine.management import SqlColumn, SqlResult

SQL = "SELECT blob1, count() AS n FROM weather GROUP BY blob1"


def _sync(contract: ContractEnvironment) -> Any:
    return contract.client("analytics_engine", "sync")


def _async(contract: ContractEnvironment) -> Any:
    return contract.client("analytics_engine", "async")


def test_sql_sync(contract: ContractEnvironment) -> None:
    with _sync(contract) as ae:
        result = ae.sql.query(SQL)
        raw = ae.sql.query_raw(SQL + " FORMAT JSON")
    assert isinstance(result, SqlResult) and result.rows == len(result.data) == 1
    assert result.meta[0] == SqlColumn(name="blob1", type="String")
    assert isinstance(raw, bytes) and raw


async def test_sql_async(contract: ContractEnvironment) -> None:
    async with _async(contract) as ae:
        result = await ae.sql.query(SQL)
        raw = await ae.sql.query_raw(SQL + " FORMAT JSON")
    assert isinstance(result, SqlResult) and result.columns == ["blob1", "n"]
    assert isinstance(raw, bytes) and raw
