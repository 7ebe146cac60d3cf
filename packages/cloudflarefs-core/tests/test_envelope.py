"""The v4 envelope: success, every failure shape, and what is kept."""

from __future__ import annotations

import contextlib
import email.utils
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import (
    ApiResponse,
    APIStatusError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    parse_envelope,
    raise_for_status,
)
from cloudflarefs.core.envelope import retry_after_seconds


def response(status: int, body: Any, headers: dict[str, str] | None = None) -> ApiResponse:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return ApiResponse(status, headers or {}, content, "GET", "/accounts/a/things")


def test_success_returns_result_and_keeps_messages_and_result_info() -> None:
    env = parse_envelope(
        response(
            200,
            {
                "success": True,
                "errors": [],
                "messages": [{"code": 1000, "message": "note"}],
                "result": [{"id": "1"}],
                "result_info": {"page": 1, "per_page": 20, "total_count": 1},
            },
        )
    )
    assert env.result == [{"id": "1"}]
    assert [str(m) for m in env.messages] == ["[1000] note"]
    assert env.result_info == {"page": 1, "per_page": 20, "total_count": 1}
    assert env.response is not None and env.response.status_code == 200


def test_success_false_on_http_200_raises() -> None:
    body = {"success": False, "errors": [{"code": 7003, "message": "No route"}], "result": None}
    with pytest.raises(APIStatusError) as info:
        parse_envelope(response(200, body))
    assert info.value.status_code == 200
    assert info.value.codes == (7003,)
    assert "[7003] No route" in str(info.value)


def test_error_status_maps_and_carries_ray_id() -> None:
    body = {"success": False, "errors": [{"code": 10009, "message": "key not found"}]}
    with pytest.raises(NotFoundError) as info:
        parse_envelope(response(404, body, {"CF-Ray": "8fabc-SJC"}))
    assert info.value.ray_id == "8fabc-SJC"
    assert str(info.value) == (
        "404 Not Found: [10009] key not found (GET /accounts/a/things; cf-ray 8fabc-SJC)"
    )


def test_workers_ai_string_codes_and_r2_string_messages() -> None:
    with pytest.raises(BadRequestError) as info:
        parse_envelope(
            response(400, {"success": False, "errors": [{"code": "5006", "message": "bad"}]})
        )
    assert info.value.codes == ("5006",)
    env = parse_envelope(response(200, {"success": True, "messages": ["hello"], "result": {}}))
    assert env.messages[0].message == "hello"
    assert env.messages[0].code is None


def test_ai_404_error_shape() -> None:
    with pytest.raises(NotFoundError, match="No such model"):
        parse_envelope(response(404, {"success": False, "error": "No such model"}))


def test_rate_limit_retry_after_from_header() -> None:
    with pytest.raises(RateLimitError) as info:
        parse_envelope(response(429, {"success": False, "errors": []}, {"Retry-After": "7"}))
    assert info.value.retry_after == 7.0


def test_non_json_error_body_is_reported() -> None:
    with pytest.raises(APIStatusError, match="upstream exploded"):
        parse_envelope(response(502, b"upstream exploded"))


def test_success_body_that_is_not_an_object_is_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError):
        parse_envelope(response(200, b"[1, 2]"))
    with pytest.raises(ResponseDecodeError):
        parse_envelope(response(200, b"<html>"))


def test_raise_for_status_passes_2xx_raw_bodies() -> None:
    raise_for_status(response(200, b"\x00raw bytes"))
    with pytest.raises(NotFoundError):
        raise_for_status(response(404, {"success": False, "errors": [{"code": 1, "message": "x"}]}))


def test_retry_after_forms() -> None:
    assert retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert retry_after_seconds({"retry-after": "2"}) == 2.0
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({}) is None
    when = email.utils.formatdate(1_000_030.0, usegmt=True)
    assert retry_after_seconds({"retry-after": when}, now=1_000_000.0) == pytest.approx(30.0)
    assert retry_after_seconds({"retry-after": when}, now=2_000_000.0) == 0.0
    zoneless = when.replace("GMT", "-0000")  # parsed as naive: must still be read as UTC
    assert retry_after_seconds({"retry-after": zoneless}, now=1_000_000.0) == pytest.approx(30.0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
envelope_like = st.fixed_dictionaries(
    {},
    optional={
        "success": st.booleans() | json_values,
        "errors": json_values,
        "messages": json_values,
        "result": json_values,
        "result_info": json_values,
    },
)


@given(
    status=st.sampled_from([200, 201, 400, 404, 409, 429, 500]), body=envelope_like | json_values
)
def test_arbitrary_json_raises_only_documented_errors(status: int, body: Any) -> None:
    try:
        parse_envelope(response(status, body))
    except (APIStatusError, ResponseDecodeError):
        return
    assert 200 <= status < 300
    assert isinstance(body, dict) and body.get("success") is not False


@given(raw=st.binary(max_size=64), status=st.sampled_from([200, 404, 503]))
def test_arbitrary_bytes_raise_only_documented_errors(raw: bytes, status: int) -> None:
    with contextlib.suppress(APIStatusError, ResponseDecodeError):
        parse_envelope(response(status, raw))
