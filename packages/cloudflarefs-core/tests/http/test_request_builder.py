"""HttpxRequestBuilder: the per-client fast path builds exactly what the plain path builds.

The reference is :func:`build_httpx_request` followed by the auth flow of the client's auth
(what every attempt did before the builder existed): same URL, same headers in the same order.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import ApiRequest, InvalidInputError, MultipartPart
from cloudflarefs.core.http import ApiKeyAuth, ApiTokenAuth, HttpClient, Secret
from cloudflarefs.core.http._exchange import (
    NO_HTTPX_AUTH,
    HttpxRequestBuilder,
    build_httpx_request,
)
from cloudflarefs.core.http.credentials import CloudflareAuth

BASE = "https://api.example.com/client/v4"
UA = "cloudflarefs-test/1 cloudflarefs-core/0"
TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=10.0)
TOKEN = "tok-SECRET-b1d2"


def _reference(request: ApiRequest, auth: CloudflareAuth, timeout: httpx.Timeout) -> httpx.Request:
    wire = build_httpx_request(request, base_url=BASE, user_agent=UA, timeout=timeout)
    flow = auth.auth_flow(wire)
    return next(flow)


def _builder(auth: CloudflareAuth) -> HttpxRequestBuilder:
    return HttpxRequestBuilder(
        base_url=BASE, user_agent=UA, auth_headers=auth.auth_headers(), timeout=TIMEOUT
    )


def _comparable_headers(request: httpx.Request) -> list[tuple[bytes, bytes]]:
    """Raw headers in order; credentials hashed (failures must not print them), and the
    random multipart boundary blanked."""
    out: list[tuple[bytes, bytes]] = []
    for name, value in request.headers.raw:
        if name.lower() in {b"authorization", b"x-auth-key", b"x-auth-email"}:
            value = hashlib.sha256(value).hexdigest()[:12].encode()
        elif value.startswith(b"multipart/form-data; boundary="):
            value = b"multipart/form-data; boundary=*"
        out.append((name, value))
    return out


def _same(built: httpx.Request, expected: httpx.Request) -> None:
    assert built.method == expected.method
    assert built.url == expected.url
    assert built.url.raw_path == expected.url.raw_path
    assert _comparable_headers(built) == _comparable_headers(expected)  # including order
    if "multipart/" not in built.headers.get("content-type", ""):
        assert built.content == expected.content
    assert built.extensions == expected.extensions


AUTHS = [
    ApiTokenAuth(Secret(TOKEN)),
    ApiKeyAuth(Secret("key-SECRET"), Secret("me@example.com")),
]

REQUESTS = [
    ApiRequest("GET", "/accounts/a/storage/kv/namespaces", params={"page": 1, "per_page": 20}),
    ApiRequest("GET", "/zones", params={"tags": ["x", "y z"], "flag": True, "none": None}),
    ApiRequest("delete", "/accounts/a/x/%2Fenc%20oded"),
    ApiRequest("POST", "/p"),
    ApiRequest("PUT", "/p", json={"name": "ü", "n": [1, 2]}),
    ApiRequest("PUT", "/p", content=b"\x00raw", response_kind="bytes"),
    ApiRequest("PUT", "/p", multipart=[MultipartPart("value", b"v")]),
    ApiRequest("GET", "/p", headers={"authorization": "Bearer other", "X-Custom": "1"}),
    ApiRequest("GET", "/p", headers={"accept": "text/csv"}, response_kind="text"),
    ApiRequest("GET", "/p?already=1", params={"page": 2}),
    ApiRequest("GET", "/p?dropped=1"),
    ApiRequest("GET", "/p", response_kind="stream"),
]


@pytest.mark.parametrize("auth", AUTHS, ids=lambda a: a.mode)
@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
def test_builder_matches_the_plain_path_with_auth(
    auth: CloudflareAuth, request_: ApiRequest
) -> None:
    builder = _builder(auth)
    for _ in range(2):  # the second build comes from the caches
        _same(builder.build(request_, TIMEOUT), _reference(request_, auth, TIMEOUT))


def test_a_per_call_timeout_is_used_and_the_default_one_is_shared() -> None:
    builder = _builder(AUTHS[0])
    request = ApiRequest("GET", "/p")
    short = httpx.Timeout(1.5)
    assert builder.build(request, short).extensions == {"timeout": short.as_dict()}
    assert builder.build(request, TIMEOUT).extensions == {"timeout": TIMEOUT.as_dict()}


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=12)
_scalar = st.one_of(_text, st.integers(), st.booleans(), st.floats(allow_nan=False))


@given(
    segment=_text.filter(lambda s: "?" not in s and "#" not in s),
    params=st.dictionaries(
        st.text(min_size=1, max_size=6),
        st.one_of(_scalar, st.none(), st.lists(_scalar)),
        max_size=4,
    ),
)
def test_urls_match_httpx_query_params_encoding(segment: str, params: dict[str, Any]) -> None:
    from urllib.parse import quote, unquote

    path = "/x/" + quote(segment, safe="/ ")
    try:
        request = ApiRequest("GET", path, params=params)
    except InvalidInputError:
        # Dot segments, even percent-encoded, are refused before any URL is built (issue 8).
        decoded = path
        for _ in range(len(path)):
            decoded = unquote(decoded)
        assert {".", ".."} & set(decoded.split("/"))
        return
    auth = AUTHS[0]
    try:
        expected = _reference(request, auth, TIMEOUT)
    except httpx.InvalidURL:
        with pytest.raises(httpx.InvalidURL):
            _builder(auth).build(request, TIMEOUT)
        return
    assert _builder(auth).build(request, TIMEOUT).url == expected.url


def test_the_url_cache_is_bounded() -> None:
    builder = _builder(AUTHS[0])
    for page in range(1000):
        built = builder.build(ApiRequest("GET", "/p", params={"page": page}), TIMEOUT)
        assert built.url.params["page"] == str(page)
    assert len(builder._urls) <= 256  # pyright: ignore[reportPrivateUsage]


def test_builder_repr_hides_the_credentials() -> None:
    builder = _builder(AUTHS[1])
    builder.build(ApiRequest("GET", "/p"), TIMEOUT)
    assert "SECRET" not in repr(builder) and TOKEN not in repr(builder)
    assert "me@example.com" not in repr(builder)


def test_a_pools_own_auth_never_applies() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "result": None})

    pool = httpx.Client(
        transport=httpx.MockTransport(handler), auth=("basic-user", "basic-password")
    )
    client = HttpClient(api_token=TOKEN, http_client=pool)
    client.send(ApiRequest("GET", "/p"))
    assert seen[0].headers.get_list("authorization") == [f"Bearer {TOKEN}"]
    assert NO_HTTPX_AUTH is not None
    pool.close()
