"""Async resource group of :class:`cloudflarefs.analytics_engine.management.aio.AnalyticsEngineClient`."""

from __future__ import annotations

from cloudflarefs.analytics_engine.management._generated import aio as _gen
from cloudflarefs.analytics_engine.management._generated._transport import AsyncHttp
from cloudflarefs.analytics_engine.management._sql import (
    RowFormat,
    SqlResult,
    check_sql,
    parse_json_result,
    parse_rows,
    with_format,
)

__all__ = ["AnalyticsEngineSql"]


class AnalyticsEngineSql:
    """The SQL API (``analytics_engine.sql``): ``POST /analytics_engine/sql`` with a text body."""

    def __init__(self, http: AsyncHttp) -> None:
        self._gen = _gen.AsyncAnalyticsEngineSql(http)

    async def query(self, sql: str, *, account_id: str | None = None) -> SqlResult:
        """Run ``sql`` as ``FORMAT JSON``: typed ``meta``, ``data`` rows and counts.

        Example:
            >>> await ae.sql.query("SELECT blob1 AS city, count() AS n FROM weather GROUP BY city")  # doctest: +SKIP
        """
        content = await self._gen.query(content=with_format(sql, "json"), account_id=account_id)
        return parse_json_result(content)

    async def query_rows(
        self, sql: str, *, format: RowFormat = "tsv", account_id: str | None = None
    ) -> list[dict[str, str]]:
        """Run ``sql`` as ``TabSeparatedWithNames`` (``tsv``) or ``CSVWithNames`` (``csv``).

        Returns one dict per row keyed by the header; values stay text, as the format sends them.
        """
        content = await self._gen.query(content=with_format(sql, format), account_id=account_id)
        return parse_rows(content, format)

    async def query_raw(self, sql: str, *, account_id: str | None = None) -> bytes:
        """Run ``sql`` unchanged and return the body in whatever format its FORMAT clause names."""
        return await self._gen.query(content=check_sql(sql), account_id=account_id)
