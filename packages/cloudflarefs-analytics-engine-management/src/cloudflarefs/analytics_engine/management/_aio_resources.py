"""Async resource groups of :class:`~cloudflarefs.analytics_engine.management.aio.AnalyticsEngineClient`.

The one hand-written copy: the sync module is derived from it by ``tools/generate`` (unasync).
"""

from __future__ import annotations

from typing import Unpack

import cloudflarefs.analytics_engine.management._generated.aio as _gen
from cloudflarefs.analytics_engine.management._sql import (
    RowFormat,
    SqlResult,
    check_sql,
    parse_json_result,
    parse_rows,
    with_format,
)
from cloudflarefs.core.wire import RequestOptions

__all__ = ["AnalyticsEngineSql"]


class AnalyticsEngineSql(_gen.AnalyticsEngineSql):
    """The SQL API (``analytics_engine.sql``): ``POST /analytics_engine/sql`` with a text body."""

    async def query(
        self, sql: str, *, account_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> SqlResult:
        """Run ``sql`` as ``FORMAT JSON``: typed ``meta``, ``data`` rows and counts.

        Example:
            >>> await ae.sql.query("SELECT blob1 AS city, count() AS n FROM weather GROUP BY city")  # doctest: +SKIP
        """
        content = await self._query(
            content=with_format(sql, "json"), account_id=account_id, **options
        )
        return parse_json_result(content)

    async def query_rows(
        self,
        sql: str,
        *,
        format: RowFormat = "tsv",
        account_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[dict[str, str]]:
        """Run ``sql`` as ``TabSeparatedWithNames`` (``tsv``) or ``CSVWithNames`` (``csv``).

        Returns one dict per row keyed by the header; values stay text, as the format sends them.
        """
        content = await self._query(
            content=with_format(sql, format), account_id=account_id, **options
        )
        return parse_rows(content, format)

    async def query_raw(
        self, sql: str, *, account_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> bytes:
        """Run ``sql`` unchanged and return the body in whatever format its FORMAT clause names."""
        return await self._query(content=check_sql(sql), account_id=account_id, **options)
