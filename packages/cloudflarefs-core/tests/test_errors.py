"""The error hierarchy: status mapping and the one-line message format."""

from __future__ import annotations

import pytest

from cloudflarefs.core import errors as e


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, e.BadRequestError),
        (401, e.AuthenticationError),
        (403, e.PermissionDeniedError),
        (404, e.NotFoundError),
        (409, e.ConflictError),
        (422, e.UnprocessableEntityError),
        (429, e.RateLimitError),
        (500, e.ServerError),
        (503, e.ServerError),
        (418, e.APIStatusError),
    ],
)
def test_status_maps_to_the_most_specific_class(status: int, cls: type[e.APIStatusError]) -> None:
    assert e.error_class_for_status(status) is cls
    assert issubclass(cls, e.APIStatusError)
    assert issubclass(cls, e.CloudflareError)


def test_str_reads_like_a_log_line() -> None:
    err = e.NotFoundError(
        status_code=404,
        errors=[e.ResponseMessage(code=10009, message="key not found")],
        ray_id="8f1234abcd",
        method="GET",
        path="/accounts/abc/storage/kv/namespaces/ns/values/k",
    )
    assert str(err) == (
        "404 Not Found: [10009] key not found "
        "(GET /accounts/abc/storage/kv/namespaces/ns/values/k; cf-ray 8f1234abcd)"
    )
    assert err.codes == (10009,)


def test_status_error_without_details_still_says_something() -> None:
    assert str(e.ServerError(status_code=502)) == "502 Bad Gateway: no error details"


def test_rate_limit_carries_retry_after() -> None:
    err = e.RateLimitError(status_code=429, retry_after=3.5)
    assert err.retry_after == 3.5
    assert str(err).startswith("429 Too Many Requests")


def test_decode_error_lists_field_paths() -> None:
    err = e.ResponseDecodeError("bad", body=b"{}", details=["missing field @ $.id"])
    assert "missing field @ $.id" in str(err)
    assert err.body == b"{}"


def test_connection_errors_are_not_status_errors() -> None:
    assert issubclass(e.APITimeoutError, e.APIConnectionError)
    assert not issubclass(e.APIConnectionError, e.APIStatusError)
    assert str(e.APIConnectionError("reset", method="GET", path="/x")) == "reset (GET /x)"


def test_input_errors_are_value_errors() -> None:
    assert issubclass(e.InvalidInputError, ValueError)
    assert issubclass(e.ConfigurationError, ValueError)
