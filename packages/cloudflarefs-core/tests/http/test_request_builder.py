"""HttpxRequestBuilder: the request of each attempt, checked against explicit expectations.

Each case states the URL, the headers in order (credentials last, replacing any the request
carried) and the body that the wire must carry.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudflarefs.core import ApiRequest, InvalidInputError, MultipartPart
from cloudflarefs.core.http import ApiKeyAuth, ApiTokenAuth, HttpClient, Secret
from cloudflarefs.core.http._exchange import NO_HTTPX_AUTH, HttpxRequestBuilder
from cloudflarefs.core.http.credentials import CloudflareAuth

BASE = "https://api.example.com/client/v4"
UA = "cloudflarefs-test/1 cloudflarefs-core/0"
TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=10.0)
TOKEN = "tok-SECRET-b1d2"


def _builder(auth: CloudflareAuth) -> HttpxRequestBuilder:
    return HttpxRequestBuilder(
        base_url=BASE, user_agent=UA, auth_headers=auth.auth_headers(), timeout=TIMEOUT
    )


def _digest(value: str) -> str:
    # Failures must not print credentials: compare their hashes.
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def _comparable_headers(request: httpx.Request) -> list[tuple[str, str]]:
    """Headers in order; credentials hashed, the random multipart boundary blanked."""
    out: list[tuple[str, str]] = []
    for name, value in request.headers.raw:
        text = value.decode()
        if name.lower() in {b"authorization", b"x-auth-key", b"x-auth-email"}:
            text = _digest(text)
        elif text.startswith("multipart/form-data; boundary="):
            text = "multipart/form-data; boundary=*"
        out.append((name.decode(), text))
    return out


AUTHS: list[tuple[CloudflareAuth, list[tuple[str, str]]]] = [
    (ApiTokenAuth(Secret(TOKEN)), [("Authorization", _digest(f"Bearer {TOKEN}"))]),
    (
        ApiKeyAuth(Secret("key-SECRET"), Secret("me@example.com")),
        [("X-Auth-Key", _digest("key-SECRET")), ("X-Auth-Email", _digest("me@example.com"))],
    ),
]

HOST = ("Host", "api.example.com")
AGENT = ("User-Agent", UA)
GZIP = ("Accept-Encoding", "gzip")
JSON = ("Accept", "application/json")
ANY = ("Accept", "*/*")

# (request, URL, headers before the credentials, body or None for multipart)
CASES: list[tuple[ApiRequest, str, list[tuple[str, str]], bytes | None]] = [
    (
        ApiRequest("GET", "/accounts/a/storage/kv/namespaces", params={"page": 1, "per_page": 20}),
        f"{BASE}/accounts/a/storage/kv/namespaces?page=1&per_page=20",
        [HOST, AGENT, JSON, GZIP],
        b"",
    ),
    (
        ApiRequest("GET", "/zones", params={"tags": ["x", "y z"], "flag": True, "none": None}),
        f"{BASE}/zones?tags=x&tags=y+z&flag=true",
        [HOST, AGENT, JSON, GZIP],
        b"",
    ),
    (
        ApiRequest("delete", "/accounts/a/x/%2Fenc%20oded"),
        f"{BASE}/accounts/a/x/%2Fenc%20oded",
        [HOST, AGENT, JSON, GZIP],
        b"",
    ),
    (
        ApiRequest("POST", "/p"),
        f"{BASE}/p",
        [HOST, ("Content-Length", "0"), AGENT, JSON, GZIP],
        b"",
    ),
    (
        ApiRequest("PUT", "/p", json={"name": "ü", "n": [1, 2]}),
        f"{BASE}/p",
        [HOST, AGENT, JSON, GZIP, ("Content-Type", "application/json"), ("Content-Length", "23")],
        '{"name":"ü","n":[1,2]}'.encode(),
    ),
    (
        ApiRequest("PUT", "/p", content=b"\x00raw", response_kind="bytes"),
        f"{BASE}/p",
        [
            HOST,
            AGENT,
            ANY,
            GZIP,
            ("Content-Type", "application/octet-stream"),
            ("Content-Length", "4"),
        ],
        b"\x00raw",
    ),
    (
        ApiRequest("PUT", "/p", multipart=[MultipartPart("value", b"v")]),
        f"{BASE}/p",
        [
            HOST,
            AGENT,
            JSON,
            GZIP,
            ("Content-Length", "125"),
            ("Content-Type", "multipart/form-data; boundary=*"),
        ],
        None,
    ),
    (
        ApiRequest("GET", "/p", headers={"X-Custom": "1"}),
        f"{BASE}/p",
        [HOST, AGENT, JSON, GZIP, ("X-Custom", "1")],
        b"",
    ),
    (
        ApiRequest("GET", "/p", headers={"accept": "text/csv"}, response_kind="text"),
        f"{BASE}/p",
        [HOST, AGENT, GZIP, ("accept", "text/csv")],
        b"",
    ),
    (
        ApiRequest("GET", "/p?already=1", params={"page": 2}),
        f"{BASE}/p?page=2",
        [HOST, AGENT, JSON, GZIP],
        b"",
    ),
    (ApiRequest("GET", "/p?dropped=1"), f"{BASE}/p", [HOST, AGENT, JSON, GZIP], b""),
    (ApiRequest("GET", "/p", response_kind="stream"), f"{BASE}/p", [HOST, AGENT, ANY, GZIP], b""),
]


@pytest.mark.parametrize(("auth", "credentials"), AUTHS, ids=lambda a: getattr(a, "mode", ""))
@pytest.mark.parametrize(("request_", "url", "headers", "body"), CASES, ids=range(len(CASES)))
def test_builder_produces_the_expected_wire_request(
    auth: CloudflareAuth,
    credentials: list[tuple[str, str]],
    request_: ApiRequest,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes | None,
) -> None:
    builder = _builder(auth)
    for _ in range(2):  # the second build comes from the caches
        built = builder.build(request_, TIMEOUT)
        assert built.method == request_.method.upper()
        assert str(built.url) == url
        assert _comparable_headers(built) == [*headers, *credentials]
        if body is not None:
            assert built.content == body
        else:
            built.read()
            assert b'name="value"' in built.content and b"\r\n\r\nv\r\n" in built.content
        assert built.extensions == {"timeout": TIMEOUT.as_dict()}


def test_a_requests_own_authorization_is_replaced_by_the_token() -> None:
    request = ApiRequest("GET", "/p", headers={"authorization": "Bearer other", "X-Custom": "1"})
    built = _builder(AUTHS[0][0]).build(request, TIMEOUT)
    assert built.headers.get_list("authorization") == [f"Bearer {TOKEN}"]
    assert built.headers["x-custom"] == "1"


def test_a_per_call_timeout_is_used_and_the_default_one_is_shared() -> None:
    builder = _builder(AUTHS[0][0])
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
    """The builder's URL is httpx's own: base + path, and the params as ``httpx.QueryParams``."""
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
    flat = [
        (key, item)
        for key, value in params.items()
        if value is not None
        for item in (value if isinstance(value, list) else [value])
    ]
    try:
        expected = httpx.URL(BASE + request.path, params=httpx.QueryParams(flat))
    except httpx.InvalidURL:
        with pytest.raises(httpx.InvalidURL):
            _builder(AUTHS[0][0]).build(request, TIMEOUT)
        return
    assert _builder(AUTHS[0][0]).build(request, TIMEOUT).url == expected


def test_the_url_cache_is_bounded() -> None:
    builder = _builder(AUTHS[0][0])
    for page in range(1000):
        built = builder.build(ApiRequest("GET", "/p", params={"page": page}), TIMEOUT)
        assert built.url.params["page"] == str(page)
    assert len(builder._urls) <= 256  # pyright: ignore[reportPrivateUsage]


def test_builder_repr_hides_the_credentials() -> None:
    builder = _builder(AUTHS[1][0])
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
