"""Management client for Cloudflare D1 (cloudflarefs).

``D1Client`` is the sync client; the async one with the same name lives in
:mod:`cloudflarefs.d1.management.aio`.
"""

from cloudflarefs.d1.management._client import D1Client
from cloudflarefs.d1.management._generated.models import (
    DatabaseDetailsResponse,
    DatabaseResponse,
    DatabasesExportResult,
    DatabasesExportResultResult,
    DatabasesExportResultStatus,
    DatabasesImportResult,
    DatabasesImportResultResult,
    PrimaryLocationHintInput,
    QueryMeta,
    QueryResultResponse,
    RawResultResponse,
    RawResultResponseResults,
    ReadReplication,
    ReadReplicationInput,
    ReadReplicationInputMode,
    TimeTravelGetBookmarkResult,
    TimeTravelRestoreResult,
)
from cloudflarefs.d1.management._resources import D1Databases, D1TimeTravel
from cloudflarefs.d1.management._validation import SqlParam
from cloudflarefs.d1.management._version import __version__

__all__ = [
    "D1Client",
    "D1Databases",
    "D1TimeTravel",
    "DatabaseDetailsResponse",
    "DatabaseResponse",
    "DatabasesExportResult",
    "DatabasesExportResultResult",
    "DatabasesExportResultStatus",
    "DatabasesImportResult",
    "DatabasesImportResultResult",
    "PrimaryLocationHintInput",
    "QueryMeta",
    "QueryResultResponse",
    "RawResultResponse",
    "RawResultResponseResults",
    "ReadReplication",
    "ReadReplicationInput",
    "ReadReplicationInputMode",
    "SqlParam",
    "TimeTravelGetBookmarkResult",
    "TimeTravelRestoreResult",
    "__version__",
]
