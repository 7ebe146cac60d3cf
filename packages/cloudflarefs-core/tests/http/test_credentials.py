"""Credential modes, sources, ambiguity errors, the https rule and secret redaction."""

from __future__ import annotations

import logging
import pickle
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import ApiRequest, ConfigurationError
from cloudflarefs.core.http import (
    CREDENTIAL_ENV_VARS,
    ApiKeyAuth,
    ApiTokenAuth,
    AsyncHttpClient,
    HttpClient,
    Secret,
    UserServiceKeyAuth,
    resolve_auth,
)

TOKEN = "tok-SECRET-6f1d2c9ab0e4"
API_KEY = "key-SECRET-a83b51c07d"
EMAIL = "owner-SECRET@example.com"
SERVICE_KEY = "v1.0-SECRET-svc-77aa"
SECRETS = (TOKEN, API_KEY, EMAIL, SERVICE_KEY)

CLIENTS = pytest.mark.parametrize("client_class", [HttpClient, AsyncHttpClient])


async def sent_headers(harness: Any, **kwargs: Any) -> httpx.Headers:
    """Send one request through a MockTransport with these client arguments; its headers."""
    recorder = harness.Recorder(harness.envelope())
    kwargs.setdefault("api_token", None)
    client = harness.client(recorder, **kwargs)
    await harness.send(client, ApiRequest("GET", "/user"))
    await harness.close(client)
    return recorder.requests[0].headers


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# --- modes from arguments and from the environment --------------------------------------


async def test_api_token_from_argument_sends_bearer(harness: Any) -> None:
    headers = await sent_headers(harness, api_token=TOKEN)
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert "x-auth-key" not in headers and "x-auth-email" not in headers


async def test_api_key_and_email_send_both_headers(harness: Any) -> None:
    headers = await sent_headers(harness, api_key=API_KEY, api_email=EMAIL)
    assert headers["x-auth-key"] == API_KEY
    assert headers["x-auth-email"] == EMAIL
    assert "authorization" not in headers


async def test_user_service_key(harness: Any) -> None:
    headers = await sent_headers(harness, user_service_key=SERVICE_KEY)
    assert headers["x-auth-user-service-key"] == SERVICE_KEY
    assert "authorization" not in headers


@pytest.mark.parametrize(
    ("env", "mode"),
    [
        ({"CLOUDFLARE_API_TOKEN": TOKEN}, "api_token"),
        ({"CLOUDFLARE_API_KEY": API_KEY, "CLOUDFLARE_EMAIL": EMAIL}, "api_key"),
        ({"CLOUDFLARE_API_USER_SERVICE_KEY": SERVICE_KEY}, "user_service_key"),
        # Empty variables count as unset.
        ({"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_EMAIL": ""}, "api_token"),
    ],
)
async def test_modes_from_the_environment(
    harness: Any, env: dict[str, str], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    headers = await sent_headers(harness)
    expected = {
        "api_token": {"authorization": f"Bearer {TOKEN}"},
        "api_key": {"x-auth-key": API_KEY, "x-auth-email": EMAIL},
        "user_service_key": {"x-auth-user-service-key": SERVICE_KEY},
    }[mode]
    auth_names = {"authorization", "x-auth-key", "x-auth-email", "x-auth-user-service-key"}
    assert {k: v for k, v in headers.items() if k in auth_names} == expected


async def test_arguments_win_over_the_environment_as_a_whole(
    harness: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The official SDK drops the bearer token when CLOUDFLARE_EMAIL is set; here the explicit
    # token is used, the environment credentials are ignored as a whole, and that is logged.
    monkeypatch.setenv("CLOUDFLARE_EMAIL", EMAIL)
    monkeypatch.setenv("CLOUDFLARE_API_KEY", API_KEY)
    with caplog.at_level(logging.INFO, logger="cloudflarefs"):
        headers = await sent_headers(harness, api_token=TOKEN)
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert "x-auth-email" not in headers and "x-auth-key" not in headers
    assert "CLOUDFLARE_API_KEY, CLOUDFLARE_EMAIL" in caplog.text
    assert_no_secret(caplog.text)


@CLIENTS
def test_account_and_base_url_from_the_environment(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", "acc-env")
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", "https://gateway.example.com/v4/")
    client = client_class(api_token=TOKEN)
    assert client.account_id == "acc-env"
    assert client.base_url == "https://gateway.example.com/v4"
    client = client_class(api_token=TOKEN, account_id="acc-arg", base_url="https://x.example")
    assert (client.account_id, client.base_url) == ("acc-arg", "https://x.example")


# --- ambiguity and missing credentials ----------------------------------------------------


@CLIENTS
@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"api_token": TOKEN, "api_email": EMAIL}, ["api_token", "api_email"]),
        ({"api_token": TOKEN, "api_key": API_KEY}, ["api_token", "api_key"]),
        (
            {"api_token": TOKEN, "api_key": API_KEY, "api_email": EMAIL},
            ["api_token", "api_key", "api_email"],
        ),
        ({"api_key": API_KEY}, ["api_key", "api_email"]),
        ({"api_email": EMAIL}, ["api_email", "api_key"]),
        ({"user_service_key": SERVICE_KEY, "api_token": TOKEN}, ["api_token", "user_service_key"]),
    ],
)
def test_ambiguous_arguments_name_the_arguments(
    client_class: type[Any], kwargs: dict[str, str], named: list[str]
) -> None:
    with pytest.raises(ConfigurationError) as info:
        client_class(**kwargs)
    message = str(info.value)
    for name in named:
        assert name in message
    assert "from arguments" in message
    assert_no_secret(message + repr(info.value))


@CLIENTS
@pytest.mark.parametrize(
    ("env", "named"),
    [
        (
            {"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_EMAIL": EMAIL},
            ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL"],
        ),
        (
            {"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_API_KEY": API_KEY},
            ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"],
        ),
        ({"CLOUDFLARE_API_KEY": API_KEY}, ["CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"]),
        ({"CLOUDFLARE_EMAIL": EMAIL}, ["CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY"]),
        (
            {"CLOUDFLARE_API_USER_SERVICE_KEY": SERVICE_KEY, "CLOUDFLARE_API_KEY": API_KEY},
            ["CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY"],
        ),
    ],
)
def test_ambiguous_environment_names_the_variables(
    client_class: type[Any],
    env: dict[str, str],
    named: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as info:
        client_class()
    message = str(info.value)
    for name in named:
        assert name in message
    assert "from the environment" in message
    assert_no_secret(message)


@CLIENTS
def test_missing_credentials_raise_at_construction(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="no Cloudflare credentials") as info:
        client_class(account_id="acc")
    assert "CLOUDFLARE_API_TOKEN" in str(info.value) and "api_token=" in str(info.value)


@CLIENTS
@pytest.mark.parametrize("value", ["", "   "])
def test_empty_argument_is_an_error(client_class: type[Any], value: str) -> None:
    with pytest.raises(ConfigurationError, match="api_token is empty"):
        client_class(api_token=value)


@CLIENTS
def test_control_characters_are_refused_without_echoing(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="control characters") as info:
        client_class(api_token=TOKEN + "\r\nX-Injected: 1")
    assert_no_secret(str(info.value))


@CLIENTS
def test_both_http_client_and_transport_is_an_error(client_class: type[Any]) -> None:
    pool: Any = httpx.Client() if client_class is HttpClient else httpx.AsyncClient()
    with pytest.raises(ConfigurationError, match="not both"):
        client_class(
            api_token=TOKEN,
            http_client=pool,
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
        )


def attempt_resolve(**kwargs: Any) -> tuple[Any, ConfigurationError | None]:
    """``resolve_auth`` outcome as a value: (auth, None) or (None, error)."""
    try:
        return resolve_auth(**kwargs), None
    except ConfigurationError as error:
        return None, error


ENV_VALUES = st.sampled_from([None, "", "  ", "value-1", "value-2"])


@given(env=st.fixed_dictionaries({v: ENV_VALUES for v in CREDENTIAL_ENV_VARS.values()}))
def test_any_environment_gives_one_complete_mode_or_an_error_naming_each_variable(
    env: dict[str, str | None],
) -> None:
    environ = {k: v for k, v in env.items() if v is not None}
    present = {k for k, v in environ.items() if v.strip()}
    auth, error = attempt_resolve(environ=environ)
    if error is not None:
        message = str(error)
        if present:
            for name in present:  # nothing is dropped without being named
                assert name in message
        else:
            assert "no Cloudflare credentials" in message
        return
    assert auth is not None
    expected = {
        "api_token": {"CLOUDFLARE_API_TOKEN"},
        "api_key": {"CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"},
        "user_service_key": {"CLOUDFLARE_API_USER_SERVICE_KEY"},
    }[auth.mode]
    assert present == expected  # every non-empty variable is used by the chosen mode


ARG_VALUES = st.sampled_from([None, "arg-1"])


@given(
    args=st.fixed_dictionaries({k: ARG_VALUES for k in CREDENTIAL_ENV_VARS}),
    env=st.fixed_dictionaries({v: ENV_VALUES for v in CREDENTIAL_ENV_VARS.values()}),
)
def test_arguments_decide_alone_whenever_any_is_given(
    args: dict[str, str | None], env: dict[str, str | None]
) -> None:
    environ = {k: v for k, v in env.items() if v is not None}
    given_args = {k for k, v in args.items() if v is not None}
    if not given_args:
        return
    auth, error = attempt_resolve(environ=environ, **args)
    if error is not None:
        assert "from arguments" in str(error)
        for name in given_args:
            assert name in str(error)
        return
    assert auth is not None
    used = {"api_token": {"api_token"}, "api_key": {"api_key", "api_email"}}.get(
        auth.mode, {"user_service_key"}
    )
    assert used == given_args


# --- base URL rule -------------------------------------------------------------------------


@CLIENTS
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8787/client/v4",
        "http://127.3.4.5/x",
        "http://localhost:1234",
        "http://[::1]:9000/v4",
        "https://api.example.com/client/v4",
    ],
)
def test_https_or_loopback_base_urls_are_accepted(client_class: type[Any], url: str) -> None:
    assert client_class(api_token=TOKEN, base_url=url).base_url == url.rstrip("/")


@CLIENTS
@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("http://api.cloudflare.com/client/v4", "must use https"),
        ("http://10.0.0.1/v4", "must use https"),
        ("http://localhost.evil.example/v4", "must use https"),
        ("ftp://127.0.0.1/", "absolute https URL"),
        ("/client/v4", "absolute https URL"),
        ("https://api.example.com/v4?x=1", "query or fragment"),
    ],
)
def test_unsafe_base_urls_are_refused(client_class: type[Any], url: str, match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        client_class(api_token=TOKEN, base_url=url)


@CLIENTS
def test_base_url_with_credentials_is_refused_without_echoing_them(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="user info") as info:
        client_class(api_token=TOKEN, base_url=f"https://user:{API_KEY}@api.example.com/")
    assert_no_secret(str(info.value))


@CLIENTS
def test_non_https_base_url_from_the_environment_is_refused(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", "http://api.cloudflare.com/client/v4")
    with pytest.raises(ConfigurationError, match="must use https"):
        client_class(api_token=TOKEN)


# --- redaction -----------------------------------------------------------------------------


def test_secret_hides_its_value() -> None:
    secret = Secret(TOKEN)
    assert repr(secret) == "'***'"
    assert str(secret) == "***"
    assert f"{secret}" == "***"
    assert secret.reveal() == TOKEN
    assert secret == Secret(TOKEN) and secret != Secret("other")
    with pytest.raises(TypeError):
        pickle.dumps(secret)


@pytest.mark.parametrize(
    "auth",
    [
        ApiTokenAuth(Secret(TOKEN)),
        ApiKeyAuth(Secret(API_KEY), Secret(EMAIL)),
        UserServiceKeyAuth(Secret(SERVICE_KEY)),
    ],
)
def test_auth_reprs_hide_secrets(auth: Any) -> None:
    assert_no_secret(repr(auth) + str(auth))
    assert "***" in repr(auth)


@CLIENTS
@pytest.mark.parametrize(
    "kwargs",
    [
        {"api_token": TOKEN},
        {"api_key": API_KEY, "api_email": EMAIL},
        {"user_service_key": SERVICE_KEY},
    ],
)
def test_client_reprs_hide_secrets(client_class: type[Any], kwargs: dict[str, str]) -> None:
    client = client_class(account_id="acc", **kwargs)
    text = repr(client) + str(client) + repr(client.settings) + repr(client.auth)
    assert_no_secret(text)
    assert "acc" in repr(client)
