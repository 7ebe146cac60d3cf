"""The jwt-auth sample, end to end through its fetch handler under the offline harness.

Tokens the Worker issues are verified on the host with independent implementations (``hmac``
for HS256, ``cryptography`` for ES256 against the Worker's published JWKS), and tokens forged on
the host probe the middleware: bad signatures, ``alg: none``, algorithm confusion, expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "jwt-auth"
DEV_VARS = dict(
    line.split("=", 1)
    for line in (SAMPLE / ".dev.vars").read_text().splitlines()
    if line and not line.startswith("#")
)
HS256_SECRET = DEV_VARS["JWT_HS256_SECRET"].encode()
ISSUER = "https://jwt-auth.example"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hs256_token(
    header: dict[str, Any], claims: dict[str, Any], secret: bytes = HS256_SECRET
) -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    tag = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(tag)}"


def call(worker: Any, method: str, path: str, data: object = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = None if data is None else json.dumps(data)
    return worker.fetch(path, method=method, body=body, headers=headers, raise_on_error=False)


@pytest.fixture
def signed_up(worker: Any) -> Any:
    worker.load(SAMPLE)
    created = call(worker, "POST", "/signup", {"user": "ada", "password": "correct horse"})
    assert (created.status, created.json()) == (201, {"user": "ada"})
    return worker


def login(worker: Any, alg: str) -> str:
    answer = call(
        worker, "POST", "/login", {"user": "ada", "password": "correct horse", "alg": alg}
    )
    assert answer.status == 200, answer.text
    assert answer.json()["token_type"] == "Bearer"
    return str(answer.json()["token"])


def test_es256_token_verifies_with_the_published_key(signed_up: Any) -> None:
    token = login(signed_up, "ES256")
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(unb64url(header_b64))
    claims = json.loads(unb64url(claims_b64))
    assert header == {"alg": "ES256", "typ": "JWT", "kid": "es256-1"}
    assert claims["sub"] == "ada"
    assert claims["iss"] == ISSUER
    assert claims["exp"] - claims["iat"] == 3600

    (jwk,) = signed_up.fetch("/.well-known/jwks.json").json()["keys"]
    assert "d" not in jwk  # the private part is never published
    public = ec.EllipticCurvePublicNumbers(
        int.from_bytes(unb64url(jwk["x"])), int.from_bytes(unb64url(jwk["y"])), ec.SECP256R1()
    ).public_key()
    raw = unb64url(signature_b64)
    assert len(raw) == 64  # JWS ES256: r || s, as WebCrypto produces it
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        public.verify(der, f"{header_b64}.{claims_b64}x".encode(), ec.ECDSA(hashes.SHA256()))

    me = call(signed_up, "GET", "/me", token=token)
    assert me.status == 200
    assert me.json()["user"] == "ada"


def test_hs256_token_matches_hmac_on_the_host(signed_up: Any) -> None:
    token = login(signed_up, "HS256")
    signing_input, _, signature = token.rpartition(".")
    expected = hmac.new(HS256_SECRET, signing_input.encode(), hashlib.sha256).digest()
    assert unb64url(signature) == expected
    assert call(signed_up, "GET", "/me", token=token).status == 200


def test_logout_revokes_the_token(signed_up: Any) -> None:
    token = login(signed_up, "ES256")
    other = login(signed_up, "HS256")  # a second session of the same user
    assert call(signed_up, "POST", "/logout", token=token).json() == {"logged_out": "ada"}
    after = call(signed_up, "GET", "/me", token=token)
    assert (after.status, after.json()) == (401, {"error": "session ended"})
    assert call(signed_up, "GET", "/me", token=other).status == 200


def test_forged_and_broken_tokens_are_refused(signed_up: Any) -> None:
    token = login(signed_up, "HS256")
    claims = json.loads(unb64url(token.split(".")[1]))
    now = int(time.time())
    h, c, s = token.split(".")
    tampered_claims = b64url(json.dumps({**claims, "sub": "mallory"}).encode())
    cases = {
        "bad signature": f"{h}.{tampered_claims}.{s}",
        "alg 'none' is not accepted": f"{b64url(json.dumps({'alg': 'none'}).encode())}.{c}.",
        "token expired": hs256_token(
            {"alg": "HS256"}, {**claims, "iat": now - 7200, "exp": now - 3600}
        ),
        "wrong issuer": hs256_token({"alg": "HS256"}, {**claims, "iss": "https://evil.example"}),
        "malformed token": "not-a-jwt",
    }
    # Algorithm confusion: an HMAC over the token made with the ES256 public key as the secret,
    # labelled ES256, must be checked as ECDSA and fail.
    jwk_json = json.dumps(signed_up.fetch("/.well-known/jwks.json").json()["keys"][0]).encode()
    cases["bad signature (alg confusion)"] = hs256_token({"alg": "ES256"}, claims, secret=jwk_json)
    cases["bad signature (other secret)"] = hs256_token({"alg": "HS256"}, claims, secret=b"guess")
    for reason, forged in cases.items():
        answer = call(signed_up, "GET", "/me", token=forged)
        assert answer.status == 401, (reason, answer.text)
        assert answer.json()["error"] == reason.split(" (")[0], reason
        assert answer.header("www-authenticate").startswith('Bearer error="invalid_token"')
    missing = call(signed_up, "GET", "/me")
    assert (missing.status, missing.json()) == (401, {"error": "missing bearer token"})


def test_signup_and_login_refuse_bad_credentials(signed_up: Any) -> None:
    again = call(signed_up, "POST", "/signup", {"user": "ada", "password": "another one"})
    assert again.status == 409
    wrong = call(signed_up, "POST", "/login", {"user": "ada", "password": "wrong horse"})
    assert (wrong.status, wrong.json()) == (401, {"error": "wrong user or password"})
    nobody = call(signed_up, "POST", "/login", {"user": "bob", "password": "correct horse"})
    assert nobody.status == 401
    for data, message in [
        ({"user": "Ada!", "password": "correct horse"}, "user must be"),
        ({"user": "bob", "password": "short"}, "password must be"),
        ({"user": "bob", "password": "correct horse", "alg": "RS256"}, "alg must be"),
    ]:
        answer = call(signed_up, "POST", "/signup", data)
        assert (answer.status, answer.json()["error"].startswith(message)) == (400, True), data


def test_secrets_never_reach_responses_or_logs(signed_up: Any) -> None:
    token = login(signed_up, "ES256")
    texts = [
        call(signed_up, "GET", "/me", token=token).text,
        signed_up.fetch("/.well-known/jwks.json").text,
        call(signed_up, "GET", "/me", token="x.y.z").text,
    ]
    private_d = json.loads(DEV_VARS["JWT_ES256_KEY"])["d"]
    for text in texts:
        assert HS256_SECRET.decode() not in text
        assert private_d not in text
