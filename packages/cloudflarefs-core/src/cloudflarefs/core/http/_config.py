"""Client settings that do not depend on sync or async: base URL, account id, timeouts, UA."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Mapping
from typing import Final

import httpx

from cloudflarefs.core._version import __version__ as core_version
from cloudflarefs.core.errors import ConfigurationError, InvalidInputError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_TIMEOUT",
    "check_base_url",
    "check_max_response_size",
    "default_account_id",
    "resolve_account_id",
    "resolve_base_url",
    "to_timeout",
    "user_agent",
]

DEFAULT_BASE_URL: Final = "https://api.cloudflare.com/client/v4"
"""The v4 REST API root; ``CLOUDFLARE_BASE_URL`` or ``base_url=`` replace it."""

DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=10.0)
"""Connect 5 s, read 60 s, write 60 s, waiting for a pooled connection 10 s."""

DEFAULT_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=20)
"""The connection pool of a client-created ``httpx.Client``."""

_LOOPBACK_NAMES = frozenset({"localhost"})


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """Validate a base URL and return it without a trailing slash.

    Only ``https`` is accepted, except plain ``http`` to a loopback host (127.0.0.0/8, ::1,
    localhost) for local mocks. User info, query strings and fragments are refused.

    Raises:
        ConfigurationError: the URL is malformed or unsafe.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"base_url is not a valid URL: {exc}") from None
    if parsed.userinfo:
        # Do not echo the URL: the user info may be a password.
        raise ConfigurationError("base_url must not contain user info (credentials)")
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise ConfigurationError(f"base_url must be an absolute https URL, got {url!r}")
    if parsed.query or parsed.fragment:
        raise ConfigurationError(f"base_url must not have a query or fragment, got {url!r}")
    if parsed.scheme == "http" and not _is_loopback(parsed.host):
        raise ConfigurationError(
            f"base_url must use https (plain http is allowed only for loopback hosts), got {url!r}"
        )
    return str(parsed).rstrip("/")


def resolve_base_url(base_url: str | None, environ: Mapping[str, str]) -> str:
    """``base_url``, else ``CLOUDFLARE_BASE_URL``, else :data:`DEFAULT_BASE_URL`; validated."""
    if base_url is None:
        base_url = environ.get("CLOUDFLARE_BASE_URL", "").strip() or DEFAULT_BASE_URL
    return check_base_url(base_url)


def default_account_id(account_id: str | None, environ: Mapping[str, str]) -> str | None:
    """``account_id``, else ``CLOUDFLARE_ACCOUNT_ID``, else ``None``.

    Raises:
        ConfigurationError: ``account_id`` was given but is empty.
    """
    if account_id is not None:
        if not account_id.strip():
            raise ConfigurationError("account_id is empty")
        return account_id.strip()
    return environ.get("CLOUDFLARE_ACCOUNT_ID", "").strip() or None


def resolve_account_id(account_id: str | None, default: str | None) -> str:
    """The per-call ``account_id`` or else the client's default.

    Raises:
        InvalidInputError: neither is set, or the per-call value is empty.
    """
    if account_id is not None:
        if not account_id.strip():
            raise InvalidInputError("account_id must be a non-empty string")
        return account_id
    if default is None:
        raise InvalidInputError(
            "no account_id: pass account_id= to this call, or set it on the client "
            "(account_id= or CLOUDFLARE_ACCOUNT_ID)"
        )
    return default


def check_max_response_size(value: int) -> int:
    """``value`` if it is a positive int (bytes).

    Raises:
        ConfigurationError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise ConfigurationError(f"max_response_size must be a positive int (bytes), got {value!r}")
    return value


def to_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """A number means that many seconds for every phase."""
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def user_agent(product: str | None) -> str:
    """``cloudflarefs-<dist>/<v> cloudflarefs-core/<v> python/<v> httpx/<v>``.

    Raises:
        ConfigurationError: ``product`` is empty or contains whitespace or control characters.
    """
    parts = [
        f"cloudflarefs-core/{core_version}",
        # What platform.python_version() returns, without importing platform (~1.3 ms).
        f"python/{sys.version.split()[0]}",
        f"httpx/{httpx.__version__}",
    ]
    if product is not None:
        if not product or any(c.isspace() or not c.isprintable() for c in product):
            raise ConfigurationError(f"user_agent_product must be one token, got {product!r}")
        parts.insert(0, product)
    return " ".join(parts)
