"""SCRAM-SHA-256 client computations (RFC 5802 / 7677), pure and without channel binding."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cloudflarefs.hyperdrive.runtime._errors import PostgresProtocolError


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def hi(password: bytes, salt: bytes, iterations: int) -> bytes:
    """RFC 5802 ``Hi()`` (PBKDF2-HMAC-SHA-256, one 32-byte block) in pure Python.

    Pyodide's ``hashlib`` has no ``pbkdf2_hmac`` (it is built without OpenSSL's KDFs).
    """
    keyed = hmac.new(password, digestmod=hashlib.sha256)

    def prf(data: bytes) -> bytes:
        mac = keyed.copy()
        mac.update(data)
        return mac.digest()

    block = prf(salt + b"\x00\x00\x00\x01")
    total = int.from_bytes(block)
    for _ in range(iterations - 1):
        block = prf(block)
        total ^= int.from_bytes(block)
    return total.to_bytes(32)


def salted_password(password: bytes, salt: bytes, iterations: int) -> bytes:
    """``Hi(password, salt, iterations)``, with hashlib's C implementation when it exists."""
    native = getattr(hashlib, "pbkdf2_hmac", None)
    if native is not None:
        return native("sha256", password, salt, iterations)
    return hi(password, salt, iterations)


def _attributes(message: str) -> dict[str, str]:
    parts = (p.split("=", 1) for p in message.split(",") if "=" in p)
    return {k: v for k, v in parts}


class ScramSha256:
    """One SCRAM-SHA-256 exchange: ``client_first`` → ``client_final(server_first)`` →
    ``verify(server_final)``."""

    __slots__ = ("_auth_message", "_client_first_bare", "_nonce", "_password", "_server_key")

    def __init__(self, password: str, *, nonce: str | None = None, username: str = "") -> None:
        self._password = password.encode()
        self._nonce = nonce or base64.b64encode(secrets.token_bytes(18)).decode()
        # Postgres ignores the SCRAM user name (it uses the startup user), so the default is empty.
        self._client_first_bare = f"n={username},r={self._nonce}"
        self._auth_message = b""
        self._server_key = b""

    def __repr__(self) -> str:
        return "ScramSha256(password=***)"

    def client_first(self) -> bytes:
        """The client-first-message (``n,,`` = no channel binding)."""
        return f"n,,{self._client_first_bare}".encode()

    def client_final(self, server_first: bytes) -> bytes:
        """The client-final-message with the proof, from the server-first-message."""
        text = server_first.decode()
        attrs = _attributes(text)
        nonce, salt, iterations = attrs.get("r", ""), attrs.get("s"), attrs.get("i", "")
        if not nonce.startswith(self._nonce) or salt is None or not iterations.isdigit():
            raise PostgresProtocolError(f"malformed SCRAM server-first-message: {text!r}")
        salted = salted_password(self._password, base64.b64decode(salt), int(iterations))
        client_key = _hmac(salted, b"Client Key")
        self._server_key = _hmac(salted, b"Server Key")
        without_proof = f"c=biws,r={nonce}"
        self._auth_message = f"{self._client_first_bare},{text},{without_proof}".encode()
        signature = _hmac(_h(client_key), self._auth_message)
        proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def verify(self, server_final: bytes) -> None:
        """Check the server's signature (proves the server knew the password too)."""
        attrs = _attributes(server_final.decode())
        expected = base64.b64encode(_hmac(self._server_key, self._auth_message)).decode()
        if not hmac.compare_digest(attrs.get("v", ""), expected):
            raise PostgresProtocolError("SCRAM server signature does not match")


def md5_password(user: str, password: str, salt: bytes) -> bytes:
    """The ``AuthenticationMD5Password`` answer: ``"md5" + md5(md5(password + user) + salt)``."""
    inner = (
        hashlib.md5((password + user).encode()).hexdigest().encode()
    )  # the protocol mandates MD5
    return b"md5" + hashlib.md5(inner + salt).hexdigest().encode()  # the protocol mandates MD5
