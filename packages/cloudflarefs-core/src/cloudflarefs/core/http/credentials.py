"""Credentials: the three Cloudflare auth modes, where they come from, and how secrets are kept.

Modes (exactly one per client):

=====================  ==============================================  ==================================
mode                   arguments                                        environment variables
=====================  ==============================================  ==================================
API token (Bearer)     ``api_token``                                    ``CLOUDFLARE_API_TOKEN``
API key + email        ``api_key`` and ``api_email``                    ``CLOUDFLARE_API_KEY``, ``CLOUDFLARE_EMAIL``
user service key       ``user_service_key``                             ``CLOUDFLARE_API_USER_SERVICE_KEY``
=====================  ==============================================  ==================================

Source rule: **explicit arguments win over the environment as a whole.** If any credential
argument is given, no credential environment variable is read (the ignored names are logged at
INFO on ``cloudflarefs.http``, never their values); otherwise the credential variables are the
source. Within the chosen source a mix of modes (a token with a key or an email, a key without an
email, a service key with anything) raises :class:`~cloudflarefs.core.errors.ConfigurationError`
naming every argument or variable involved: nothing is silently dropped. Empty environment
variables count as unset; an empty argument is an error.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, TypeAlias

import attrs

from cloudflarefs.core.errors import ConfigurationError
from cloudflarefs.core.lazy_classes import LazyClasses

__all__ = [
    "CREDENTIAL_ENV_VARS",
    "ApiKeyAuth",
    "ApiTokenAuth",
    "CloudflareAuth",
    "Secret",
    "UserServiceKeyAuth",
    "resolve_auth",
]

logger = logging.getLogger("cloudflarefs.http")

AuthMode: TypeAlias = Literal["api_token", "api_key", "user_service_key"]

CREDENTIAL_ENV_VARS: Final = {
    "api_token": "CLOUDFLARE_API_TOKEN",
    "api_key": "CLOUDFLARE_API_KEY",
    "api_email": "CLOUDFLARE_EMAIL",
    "user_service_key": "CLOUDFLARE_API_USER_SERVICE_KEY",
}
"""Credential argument name → the environment variable read when no argument is given."""


class Secret:
    """A credential that never shows itself: ``repr`` is ``'***'`` and so is ``str``.

    Call :meth:`reveal` at the one place the real value is needed (the auth header).
    Equality is constant-time; pickling is refused so a secret cannot leak into caches.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret value itself."""
        return self._value

    def __repr__(self) -> str:
        return "'***'"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac  # only here: comparing secrets is rare, importing hmac costs ~0.7 ms

        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


class CloudflareAuth:
    """Base of the Cloudflare auth schemes: fixed headers that every request carries.

    The clients' request builder adds :meth:`auth_headers` to each attempt; this is not an
    ``httpx.Auth`` (an httpx client's own ``auth`` never applies to cloudflarefs requests).
    """

    mode: ClassVar[AuthMode]

    def auth_headers(self) -> dict[str, str]:
        """The headers this scheme adds (contains the secret: never log it)."""
        raise NotImplementedError


@attrs.frozen
class ApiTokenAuth(CloudflareAuth):
    """``Authorization: Bearer <token>`` (the recommended mode)."""

    mode: ClassVar[AuthMode] = "api_token"
    token: Secret

    def auth_headers(self) -> dict[str, str]:
        """``Authorization: Bearer …``."""
        return {"Authorization": f"Bearer {self.token.reveal()}"}


_lazy = LazyClasses(globals())
"""The two legacy modes are built on first access (``lazy_classes``): most clients use a token."""
if TYPE_CHECKING:
    from attrs import frozen as _lazy_frozen
else:
    _lazy_frozen = _lazy.frozen


@_lazy_frozen
class ApiKeyAuth(CloudflareAuth):
    """The legacy global API key: ``X-Auth-Key`` and ``X-Auth-Email``."""

    mode: ClassVar[AuthMode] = "api_key"
    key: Secret
    email: Secret

    def auth_headers(self) -> dict[str, str]:
        """``X-Auth-Key`` and ``X-Auth-Email``."""
        return {"X-Auth-Key": self.key.reveal(), "X-Auth-Email": self.email.reveal()}


@_lazy_frozen
class UserServiceKeyAuth(CloudflareAuth):
    """``X-Auth-User-Service-Key`` (Origin CA certificate endpoints)."""

    mode: ClassVar[AuthMode] = "user_service_key"
    key: Secret

    def auth_headers(self) -> dict[str, str]:
        """``X-Auth-User-Service-Key``."""
        return {"X-Auth-User-Service-Key": self.key.reveal()}


_lazy.seal()


def __getattr__(name: str) -> Any:
    return _lazy.get(name)


def __dir__() -> list[str]:
    return _lazy.dir()


def _check_value(label: str, value: str) -> str:
    # Header values must not carry control characters; the value itself is never echoed.
    text = value.strip()
    if not text:
        raise ConfigurationError(f"{label} is empty")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise ConfigurationError(f"{label} contains control characters")
    return text


def _from_arguments(arguments: Mapping[str, str | None]) -> dict[str, tuple[str, str]]:
    return {
        name: (name, _check_value(name, value))
        for name, value in arguments.items()
        if value is not None
    }


def _from_environment(environ: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for name, variable in CREDENTIAL_ENV_VARS.items():
        raw = environ.get(variable)
        if raw is not None and raw.strip():
            found[name] = (variable, _check_value(variable, raw))
    return found


def _auth_for(given: Mapping[str, tuple[str, str]], source: str) -> CloudflareAuth:
    labels = {name: label for name, (label, _) in given.items()}
    names = set(given)
    if not names:
        raise ConfigurationError(
            "no Cloudflare credentials: pass api_token= (or api_key= with api_email=, or "
            "user_service_key=), or set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with "
            "CLOUDFLARE_EMAIL, or CLOUDFLARE_API_USER_SERVICE_KEY)"
        )
    if names == {"api_token"}:
        return ApiTokenAuth(Secret(given["api_token"][1]))
    if names == {"api_key", "api_email"}:
        return _lazy.get("ApiKeyAuth")(Secret(given["api_key"][1]), Secret(given["api_email"][1]))
    if names == {"user_service_key"}:
        return _lazy.get("UserServiceKeyAuth")(Secret(given["user_service_key"][1]))
    involved = ", ".join(labels[n] for n in CREDENTIAL_ENV_VARS if n in labels)
    if names == {"api_key"}:
        hint = f"{labels['api_key']} needs an email too ({_label('api_email', source)})"
    elif names == {"api_email"}:
        hint = f"{labels['api_email']} needs an API key too ({_label('api_key', source)})"
    else:
        hint = (
            "use exactly one mode: an API token, an API key with its email, or a user service key"
        )
    raise ConfigurationError(f"ambiguous Cloudflare credentials from {source}: {involved}; {hint}")


def _label(name: str, source: str) -> str:
    return name if source == "arguments" else CREDENTIAL_ENV_VARS[name]


def resolve_auth(
    *,
    api_token: str | None = None,
    api_key: str | None = None,
    api_email: str | None = None,
    user_service_key: str | None = None,
    environ: Mapping[str, str],
) -> CloudflareAuth:
    """Pick the one auth mode from the arguments, or else from ``environ`` (see module docs).

    Raises:
        ConfigurationError: no credentials, a mix of modes, an incomplete key/email pair, or an
            empty value. The message names the arguments or variables, never their values.
    """
    arguments = {
        "api_token": api_token,
        "api_key": api_key,
        "api_email": api_email,
        "user_service_key": user_service_key,
    }
    given = _from_arguments(arguments)
    if given:
        ignored = [v for v in CREDENTIAL_ENV_VARS.values() if environ.get(v, "").strip()]
        if ignored:
            logger.info(
                "credentials passed as arguments; ignoring %s from the environment",
                ", ".join(ignored),
            )
        return _auth_for(given, "arguments")
    return _auth_for(_from_environment(environ), "the environment")
