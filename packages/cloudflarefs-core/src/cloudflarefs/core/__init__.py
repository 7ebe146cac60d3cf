"""cloudflarefs.core: the pure, I/O-free core shared by every cloudflarefs package.

Nothing here imports httpx, so it also imports inside Python Workers (Pyodide). The httpx-based
clients live in :mod:`cloudflarefs.core.http` (extra ``cloudflarefs-core[http]``).
"""

from typing import TYPE_CHECKING, Any

from cloudflarefs.core._version import __version__
from cloudflarefs.core.converter import (
    EXTRA,
    WIRE_NAME,
    extra_field,
    make_converter,
    structure,
    unstructure,
)
from cloudflarefs.core.enums import OpenIntEnum, OpenStrEnum
from cloudflarefs.core.envelope import Envelope, parse_envelope, raise_for_status
from cloudflarefs.core.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudflareError,
    ConfigurationError,
    ConflictError,
    InvalidInputError,
    InvalidInputTypeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    UnexpectedRedirectError,
    UnprocessableEntityError,
)
from cloudflarefs.core.pagination import CursorPagination, Page, PaginationStyle, SyncPager
from cloudflarefs.core.retry import DEFAULT_RETRY, NO_RETRY, FailureKind, RetryPolicy
from cloudflarefs.core.unset import UNSET, Unset, UnsetType
from cloudflarefs.core.validation import require_items, require_non_empty
from cloudflarefs.core.wire import ApiRequest, ApiResponse, QueryValue, build_path, path_segment

if TYPE_CHECKING:
    from cloudflarefs.core.converter import default_converter
    from cloudflarefs.core.errors import ResponseMessage
    from cloudflarefs.core.pagination import (
        AsyncPager,
        OffsetPagination,
        PagePagination,
        SinglePage,
    )
    from cloudflarefs.core.wire import MultipartPart

# Looked up on first access (PEP 562), not at import: ``default_converter`` is a cattrs
# converter, the others are attrs classes built on first use (``lazy_classes``) or the async
# pager, none of which a first synchronous call needs.
_LAZY = {
    "default_converter": "cloudflarefs.core.converter",
    "ResponseMessage": "cloudflarefs.core.errors",
    "AsyncPager": "cloudflarefs.core.pagination",
    "OffsetPagination": "cloudflarefs.core.pagination",
    "PagePagination": "cloudflarefs.core.pagination",
    "SinglePage": "cloudflarefs.core.pagination",
    "MultipartPart": "cloudflarefs.core.wire",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "DEFAULT_RETRY",
    "EXTRA",
    "NO_RETRY",
    "UNSET",
    "WIRE_NAME",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ApiRequest",
    "ApiResponse",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "CloudflareError",
    "ConfigurationError",
    "ConflictError",
    "CursorPagination",
    "Envelope",
    "FailureKind",
    "InvalidInputError",
    "InvalidInputTypeError",
    "MultipartPart",
    "NotFoundError",
    "OffsetPagination",
    "OpenIntEnum",
    "OpenStrEnum",
    "Page",
    "PagePagination",
    "PaginationStyle",
    "PermissionDeniedError",
    "QueryValue",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseMessage",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "SinglePage",
    "SyncPager",
    "UnexpectedRedirectError",
    "UnprocessableEntityError",
    "Unset",
    "UnsetType",
    "__version__",
    "build_path",
    "default_converter",
    "extra_field",
    "make_converter",
    "parse_envelope",
    "path_segment",
    "raise_for_status",
    "require_items",
    "require_non_empty",
    "structure",
    "unstructure",
]
