"""Host CPython unit tests for the pure parts: Secret, Env planning and validation,
request.cf structuring, version metadata parsing and fetch argument checks."""

import datetime as dt
from typing import Any

import pytest

from cloudflarefs.core import ConfigurationError, InvalidInputError
from cloudflarefs.workers.runtime import (
    Env,
    IncomingRequestCf,
    Secret,
    VersionMetadata,
    binding,
)
from cloudflarefs.workers.runtime._fetcher import (
    build_init,
    check_headers,
    check_method,
    check_rpc_name,
    check_url,
)

pytestmark = pytest.mark.usefixtures("plain_backend")


class Wrapped:
    def __init__(self, js: Any) -> None:
        self.js = js


class AppEnv(Env):
    NAME: str
    KEY: Secret[str]
    CONF: dict[str, Any]
    svc: Wrapped = binding("SERVICE")
    OPTIONAL: Wrapped | None
    LIMIT: int = binding(default=10)
    CUSTOM: str = binding("CUSTOM_RAW", wrap=lambda raw: f"<{raw}>")


def test_secret_hides_value_everywhere() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret!r} {secret}"
    assert secret.get_secret_value() == "hunter2"
    assert secret == Secret("hunter2") and secret != Secret("other")
    with pytest.raises(TypeError):
        hash(secret)


def test_env_from_mapping_applies_annotation_rules() -> None:
    env = AppEnv.from_js(
        {"NAME": "n", "KEY": "k3y", "CONF": {"a": 1}, "SERVICE": "svc-js", "CUSTOM_RAW": "x"}
    )
    assert (env.NAME, env.CONF, env.LIMIT, env.OPTIONAL, env.CUSTOM) == (
        "n",
        {"a": 1},
        10,
        None,
        "<x>",
    )
    assert isinstance(env.svc, Wrapped) and env.svc.js == "svc-js"
    assert "k3y" not in repr(env)
    with pytest.raises(AttributeError):
        env.NAME = "other"  # type: ignore[misc]


def test_env_reports_every_missing_binding_and_type_mismatch() -> None:
    with pytest.raises(ConfigurationError, match="'NAME', 'KEY', 'CONF', 'SERVICE', 'CUSTOM_RAW'"):
        AppEnv.from_js({})
    with pytest.raises(ConfigurationError, match="'NAME' should be str, got int"):
        AppEnv.from_js({"NAME": 1, "KEY": "k", "CONF": {}, "SERVICE": 1, "CUSTOM_RAW": ""})
    with pytest.raises(ConfigurationError, match="'CONF' should be a JSON dict"):
        AppEnv.from_js({"NAME": "", "KEY": "k", "CONF": [1], "SERVICE": 1, "CUSTOM_RAW": ""})


def test_env_rejects_bool_for_int_and_ambiguous_unions() -> None:
    class Counts(Env):
        N: int

    with pytest.raises(ConfigurationError, match="should be int, got bool"):
        Counts.from_js({"N": True})

    class Ambiguous(Env):
        X: str | int

    with pytest.raises(ConfigurationError, match="ambiguous"):
        Ambiguous.from_js({"X": "a"})
    with pytest.raises(ConfigurationError, match="must not be empty"):
        binding("")


def test_request_cf_structures_known_and_keeps_unknown_keys() -> None:
    cf = IncomingRequestCf.from_js(
        {
            "colo": "AMS",
            "asn": 64512,
            "tlsVersion": "TLSv1.3",
            "isEUCountry": "1",
            "botManagement": {"score": 99, "verifiedBot": False, "newSignal": 1},
            "brandNew": {"x": 1},
        }
    )
    assert (cf.colo, cf.asn, cf.tls_version, cf.is_eu_country) == ("AMS", 64512, "TLSv1.3", "1")
    assert cf.bot_management is not None and cf.bot_management.score == 99
    assert cf.bot_management.extra == {"newSignal": 1}
    assert cf.extra == {"brandNew": {"x": 1}}
    assert IncomingRequestCf.from_js(None) == IncomingRequestCf()


def test_version_metadata_parses_timestamp_strings() -> None:
    meta = VersionMetadata.from_js({"id": "v1", "tag": "", "timestamp": "2025-01-02T03:04:05.678Z"})
    assert meta.timestamp == dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)
    with pytest.raises(InvalidInputError):
        VersionMetadata.from_js("nope")


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (check_url, "/relative"),
        (check_url, "mailto:x@y"),
        (check_url, ""),
        (check_method, "GE T"),
        (check_method, ""),
        (check_rpc_name, "class"),
        (check_rpc_name, "_hidden"),
        (check_rpc_name, "a-b"),
        (check_headers, {"bad name": "v"}),
        (check_headers, {"x": "a\nb"}),
    ],
)
def test_fetch_argument_checks_reject_bad_input(check: Any, value: Any) -> None:
    with pytest.raises(InvalidInputError):
        check(value)


def test_build_init_encodes_text_and_refuses_bodies_on_get() -> None:
    assert build_init("POST", {"a": "b"}, "é") == {
        "method": "POST",
        "headers": {"a": "b"},
        "body": "é".encode(),
    }
    assert check_method("patch") == "PATCH"
    with pytest.raises(InvalidInputError, match="GET request cannot have a body"):
        build_init("GET", {}, b"x")
