"""Management client for Cloudflare Workers Analytics Engine (cloudflarefs).

``AnalyticsEngineClient`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.analytics_engine.management.aio`.
"""

from cloudflarefs.analytics_engine.management._client import AnalyticsEngineClient
from cloudflarefs.analytics_engine.management._resources import AnalyticsEngineSql
from cloudflarefs.analytics_engine.management._sql import RowFormat, SqlColumn, SqlResult
from cloudflarefs.analytics_engine.management._version import __version__

__all__ = [
    "AnalyticsEngineClient",
    "AnalyticsEngineSql",
    "RowFormat",
    "SqlColumn",
    "SqlResult",
    "__version__",
]
