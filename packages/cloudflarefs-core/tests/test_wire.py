"""Pure request values and path building."""

from __future__ import annotations

import pytest

from cloudflarefs.core import ApiRequest, ApiResponse, InvalidInputError, MultipartPart, build_path


def test_build_path_encodes_each_segment() -> None:
    path = build_path(
        "/accounts/{account_id}/storage/kv/namespaces/{ns}/values/{key}",
        account_id="a1",
        ns="n1",
        key="dir/file name?.txt",
    )
    assert path == "/accounts/a1/storage/kv/namespaces/n1/values/dir%2Ffile%20name%3F.txt"


@pytest.mark.parametrize("bad", ["", "   "])
def test_build_path_rejects_empty_values(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="namespace_id"):
        build_path("/x/{namespace_id}", namespace_id=bad)


def test_build_path_rejects_missing_values() -> None:
    with pytest.raises(InvalidInputError, match="missing path parameter 'b'"):
        build_path("/x/{a}/{b}", a="1")


def test_request_drops_none_params_and_merges_pages() -> None:
    req = ApiRequest("get", "/x", params={"a": 1, "b": None})
    assert req.method == "GET"
    assert req.params == {"a": 1}
    assert req.with_params({"page": 2}).params == {"a": 1, "page": 2}
    assert req.idempotent
    assert not ApiRequest("POST", "/x").idempotent
    assert ApiRequest("POST", "/x", retry_safe=True).idempotent


def test_request_rejects_two_bodies_and_relative_paths() -> None:
    with pytest.raises(InvalidInputError):
        ApiRequest("PUT", "/x", json={}, content=b"x")
    with pytest.raises(InvalidInputError):
        ApiRequest("PUT", "/x", content=b"x", multipart=[MultipartPart("a", b"b")])
    with pytest.raises(InvalidInputError):
        ApiRequest("GET", "x")


def test_response_helpers() -> None:
    resp = ApiResponse(200, {"CF-RAY": "abc", "Content-Type": "application/json"}, b'{"a": 1}')
    assert resp.ray_id == "abc"
    assert resp.headers["content-type"] == "application/json"
    assert resp.json() == {"a": 1}
    assert resp.text == '{"a": 1}'
    assert resp.is_success and not ApiResponse(404, {}).is_success


def test_only_a_streamed_content_is_not_replayable() -> None:
    assert ApiRequest("PUT", "/x", content=b"bytes").replayable
    assert ApiRequest("PUT", "/x", json={"a": 1}).replayable
    assert ApiRequest("GET", "/x").replayable
    assert not ApiRequest("PUT", "/x", content=iter([b"a"])).replayable
