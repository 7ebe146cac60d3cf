"""Typed WebCrypto for Python Workers: digests, HMAC, AES, ECDSA, Ed25519, RSA, HKDF/PBKDF2.

::

    from cloudflarefs.crypto.runtime import HmacKey, Hmac, WebCrypto

    wc = WebCrypto()
    key = await wc.import_key("raw", secret, HmacKey("SHA-256"), extractable=False, usages=["sign"])
    tag = await wc.sign(Hmac(), key, b"message")
"""

from cloudflarefs.crypto.runtime._digest_stream import DigestStream
from cloudflarefs.crypto.runtime._key import CryptoKey, CryptoKeyPair
from cloudflarefs.crypto.runtime._params import (
    AesCbc,
    AesCtr,
    AesGcm,
    AesKey,
    AsymmetricKeyAlgorithm,
    CipherParams,
    DeriveParams,
    Ecdsa,
    EcKey,
    Ed25519,
    Hkdf,
    Hmac,
    HmacKey,
    KdfKey,
    KeyAlgorithm,
    OkpKey,
    Pbkdf2,
    RsaKey,
    RsaOaep,
    RsaPkcs1,
    RsaPss,
    SignParams,
    SymmetricKeyAlgorithm,
)
from cloudflarefs.crypto.runtime._types import (
    ALLOWED_USAGES,
    AlgorithmName,
    DigestAlgorithm,
    HashAlgorithm,
    KeyFormat,
    KeyType,
    KeyUsage,
    NamedCurve,
)
from cloudflarefs.crypto.runtime._version import __version__
from cloudflarefs.crypto.runtime._webcrypto import MAX_RANDOM_BYTES, WebCrypto

__all__ = [
    "ALLOWED_USAGES",
    "MAX_RANDOM_BYTES",
    "AesCbc",
    "AesCtr",
    "AesGcm",
    "AesKey",
    "AlgorithmName",
    "AsymmetricKeyAlgorithm",
    "CipherParams",
    "CryptoKey",
    "CryptoKeyPair",
    "DeriveParams",
    "DigestAlgorithm",
    "DigestStream",
    "EcKey",
    "Ecdsa",
    "Ed25519",
    "HashAlgorithm",
    "Hkdf",
    "Hmac",
    "HmacKey",
    "KdfKey",
    "KeyAlgorithm",
    "KeyFormat",
    "KeyType",
    "KeyUsage",
    "NamedCurve",
    "OkpKey",
    "Pbkdf2",
    "RsaKey",
    "RsaOaep",
    "RsaPkcs1",
    "RsaPss",
    "SignParams",
    "SymmetricKeyAlgorithm",
    "WebCrypto",
    "__version__",
]
