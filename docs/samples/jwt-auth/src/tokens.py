"""JWTs (RFC 7519) signed and verified with WebCrypto: HS256 (HMAC) and ES256 (ECDSA P-256).

WebCrypto's ECDSA signatures are IEEE P1363 ``r || s``, which is exactly JWS's ES256 format, so
no DER conversion is needed. Verification accepts only the algorithms configured here (never
``none``), and checks the signature with the key of the algorithm the header names, so an HS256
token cannot be verified with the ES256 key or the reverse.
"""

import base64
import json

from cloudflarefs.crypto.runtime import Ecdsa, EcKey, Hmac, HmacKey, WebCrypto

LEEWAY_SECONDS = 30  # clock skew tolerated on exp and nbf


class TokenError(Exception):
    """The token is malformed, badly signed, expired or not for us; the message says which."""


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if not text or any(c not in _B64URL for c in text) or len(text) % 4 == 1:
        raise TokenError("malformed token")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class TokenKeys:
    """The signing and verification keys of each algorithm, and the issuer they sign for."""

    def __init__(self, crypto, issuer, keys, public_jwk):
        self._crypto = crypto
        self.issuer = issuer
        self._keys = keys  # alg -> (params, signing key, verification key)
        self.public_jwk = public_jwk

    @classmethod
    async def load(cls, issuer, hs256_secret, es256_private_jwk):
        crypto = WebCrypto()
        hmac_key = await crypto.import_key(
            "raw", hs256_secret, HmacKey("SHA-256"), extractable=False, usages=["sign", "verify"]
        )
        curve = EcKey("ECDSA", "P-256")
        private = await crypto.import_key(
            "jwk", es256_private_jwk, curve, extractable=False, usages=["sign"]
        )
        public_jwk = {k: es256_private_jwk[k] for k in ("kty", "crv", "x", "y")}
        public = await crypto.import_key(
            "jwk", public_jwk, curve, extractable=True, usages=["verify"]
        )
        keys = {
            "HS256": (Hmac(), hmac_key, hmac_key),
            "ES256": (Ecdsa("SHA-256"), private, public),
        }
        published = {**public_jwk, "alg": "ES256", "use": "sig", "kid": "es256-1"}
        return cls(crypto, issuer, keys, published)

    async def sign(self, claims, alg):
        if alg not in self._keys:
            raise TokenError(f"unsupported alg {alg!r}")
        params, key, _ = self._keys[alg]
        header = {"alg": alg, "typ": "JWT"}
        if alg == "ES256":
            header["kid"] = self.public_jwk["kid"]
        claims = {"iss": self.issuer, **claims}
        signing_input = f"{b64url(_compact(header))}.{b64url(_compact(claims))}"
        signature = await self._crypto.sign(params, key, signing_input.encode("ascii"))
        return f"{signing_input}.{b64url(signature)}"

    async def verify(self, token, now):
        """The token's claims, if it is well formed, correctly signed, current and ours."""
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("malformed token")
        header = _json_object(b64url_decode(parts[0]))
        alg = header.get("alg")
        if alg not in self._keys:
            raise TokenError(f"alg {alg!r} is not accepted")
        params, _, key = self._keys[alg]
        signature = b64url_decode(parts[2])
        signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
        if not await self._crypto.verify(params, key, signature, signing_input):
            raise TokenError("bad signature")
        claims = _json_object(b64url_decode(parts[1]))
        if claims.get("iss") != self.issuer:
            raise TokenError("wrong issuer")
        exp = claims.get("exp")
        if not isinstance(exp, int) or exp + LEEWAY_SECONDS < now:
            raise TokenError("token expired")
        nbf = claims.get("nbf")
        if isinstance(nbf, int) and nbf - LEEWAY_SECONDS > now:
            raise TokenError("token not valid yet")
        return claims


def _compact(data):
    return json.dumps(data, separators=(",", ":")).encode()


def _json_object(raw):
    try:
        value = json.loads(raw)
    except ValueError:
        raise TokenError("malformed token") from None
    if not isinstance(value, dict):
        raise TokenError("malformed token")
    return value
