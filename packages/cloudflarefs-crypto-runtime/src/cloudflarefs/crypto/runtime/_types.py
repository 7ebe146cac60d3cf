"""The string enums of WebCrypto as ``Literal`` types, and which key usages each algorithm has."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal, get_args

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, require_items

DigestAlgorithm = Literal["SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5"]
"""``digest`` algorithms; ``MD5`` exists only in workerd (not in Node or browsers)."""
HashAlgorithm = Literal["SHA-1", "SHA-256", "SHA-384", "SHA-512"]
"""Hashes usable inside HMAC, RSA, ECDSA, HKDF and PBKDF2."""
NamedCurve = Literal["P-256", "P-384", "P-521"]
KeyFormat = Literal["raw", "pkcs8", "spki", "jwk"]
KeyType = Literal["secret", "public", "private"]
KeyUsage = Literal[
    "encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"
]
AlgorithmName = Literal[
    "AES-GCM",
    "AES-CBC",
    "AES-CTR",
    "AES-KW",
    "HMAC",
    "RSA-OAEP",
    "RSA-PSS",
    "RSASSA-PKCS1-v1_5",
    "ECDSA",
    "ECDH",
    "Ed25519",
    "X25519",
    "HKDF",
    "PBKDF2",
]

_CIPHER: Final = frozenset({"encrypt", "decrypt", "wrapKey", "unwrapKey"})
_SIGN: Final = frozenset({"sign", "verify"})
_DERIVE: Final = frozenset({"deriveKey", "deriveBits"})

ALLOWED_USAGES: Final[dict[str, frozenset[str]]] = {
    "AES-GCM": _CIPHER,
    "AES-CBC": _CIPHER,
    "AES-CTR": _CIPHER,
    "AES-KW": frozenset({"wrapKey", "unwrapKey"}),
    "HMAC": _SIGN,
    "RSA-OAEP": _CIPHER,
    "RSA-PSS": _SIGN,
    "RSASSA-PKCS1-v1_5": _SIGN,
    "ECDSA": _SIGN,
    "Ed25519": _SIGN,
    "ECDH": _DERIVE,
    "X25519": _DERIVE,
    "HKDF": _DERIVE,
    "PBKDF2": _DERIVE,
}
"""Usages WebCrypto accepts per algorithm (WebCrypto spec, "Supported operations")."""

_USAGES: Final = frozenset(get_args(KeyUsage))


def check_choice(value: object, allowed: Iterable[str], what: str) -> str:
    """``value`` if it is one of ``allowed``, else :class:`InvalidInputError`."""
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        raise InvalidInputError(f"unsupported {what} {value!r}; expected one of {list(options)}")
    return value


def check_usages(algorithm: str, usages: Iterable[object]) -> tuple[KeyUsage, ...]:
    """Validate key usages for ``algorithm``: each known, allowed for it, at least one."""
    given = tuple(require_items(usages, "usages (e.g. ['sign', 'verify'])"))
    if not given:
        raise InvalidInputError("a key needs at least one usage")
    allowed = ALLOWED_USAGES[algorithm]
    out: list[KeyUsage] = []
    for usage in given:
        if not isinstance(usage, str) or usage not in _USAGES:
            raise InvalidInputError(
                f"unknown key usage {usage!r}; expected one of {sorted(_USAGES)}"
            )
        if usage not in allowed:
            raise InvalidInputError(
                f"{algorithm} keys cannot be used for {usage!r}; allowed: {sorted(allowed)}"
            )
        out.append(usage)  # pyright: ignore[reportArgumentType]
    return tuple(out)


def check_data(data: object, what: str = "data") -> bytes:
    """A bytes-like argument, copied to ``bytes``; ``str`` is rejected (encode it first)."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)  # pyright: ignore[reportUnknownArgumentType]
    raise InvalidInputTypeError(
        f"{what} must be bytes-like, got {type(data).__name__} (encode str first)"
    )
