"""Path parameters: refused before any request, or sent as exactly one segment (issue 8, item 1)."""

from __future__ import annotations

from urllib.parse import unquote

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cloudflarefs.core import ApiRequest, InvalidInputError, build_path, path_segment

DOT_LIKE = [".", "..", "%2e", "%2E%2e", "%252e%252E", "%25252e", ".%2e", "%2e.", ""]


def _decodes_to_dot_segment(text: str) -> bool:
    # The reference model, written independently of the code under test.
    seen = text
    for _ in range(len(text) + 1):
        if seen in ("", ".", ".."):
            return True
        seen = unquote(seen)
    return False


@pytest.mark.parametrize("value", DOT_LIKE)
def test_dot_segments_are_refused(value: str) -> None:
    with pytest.raises(InvalidInputError, match="namespace_id"):
        build_path("/accounts/{account_id}/ns/{namespace_id}", account_id="a", namespace_id=value)


def test_lone_surrogate_is_refused_not_a_unicode_error() -> None:
    with pytest.raises(InvalidInputError, match="key"):
        build_path("/k/{key}", key="\ud800")


@given(st.text() | st.sampled_from(DOT_LIKE) | st.from_regex(r"(%(25)*2[eE]|\.){0,3}"))
@example("a/../b")
@example("..%2F..")
@example("?x=1#y")
def test_a_value_is_refused_or_sent_as_exactly_one_segment(value: str) -> None:
    try:
        path = build_path("/accounts/{account_id}/values/{key}", account_id="acc", key=value)
    except InvalidInputError:
        refusable = (
            not value.strip()
            or _decodes_to_dot_segment(value)
            or any(0xD800 <= ord(c) <= 0xDFFF for c in value)
        )
        assert refusable, value
        return
    # httpx parses the URL as the wire would: the route keeps its three segments.
    url = httpx.URL("https://api.example.com/client/v4" + path)
    segments = url.raw_path.decode("ascii").split("/")
    assert segments[:6] == ["", "client", "v4", "accounts", "acc", "values"]
    assert len(segments) == 7
    assert unquote(segments[6], errors="strict") == value
    assert url.query == b"" and url.fragment == ""


@given(st.text(min_size=1).filter(lambda s: s.strip() != ""))
def test_path_segment_round_trips_or_refuses(value: str) -> None:
    try:
        segment = path_segment("p", value)
    except InvalidInputError:
        return
    assert "/" not in segment and unquote(segment, errors="strict") == value


@pytest.mark.parametrize("path", ["/a/../b", "/a/./b", "/a/%2e%2E/b", "/a/..", "/a/%252e/b?x=1"])
def test_request_paths_with_dot_segments_are_refused(path: str) -> None:
    # Paths assembled outside build_path get the same rule.
    with pytest.raises(InvalidInputError, match="segment"):
        ApiRequest("GET", path)


def test_request_paths_with_dots_inside_segments_are_fine() -> None:
    assert ApiRequest("GET", "/k/file.txt/...x/a..b?q=..").path == "/k/file.txt/...x/a..b?q=.."
