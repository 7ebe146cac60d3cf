"""Expiring download links: ``/download/<key>?expires=<epoch>&sig=<HMAC-SHA256>``.

The signature covers the key and the expiry, so neither can be changed; WebCrypto's ``verify``
compares in constant time.
"""

import base64

from cloudflarefs.crypto.runtime import Hmac, HmacKey, WebCrypto


def _message(key, expires):
    return f"{key}\n{expires}".encode()


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


async def _hmac_key(secret, usage):
    return await WebCrypto().import_key(
        "raw", secret.encode(), HmacKey("SHA-256"), extractable=False, usages=[usage]
    )


async def sign(secret, key, expires):
    """The ``sig`` query value for ``key`` valid until ``expires`` (epoch seconds)."""
    tag = await WebCrypto().sign(Hmac(), await _hmac_key(secret, "sign"), _message(key, expires))
    return _b64url(tag)


async def verify(secret, key, expires, sig):
    """Whether ``sig`` was made by :func:`sign` for exactly this key and expiry."""
    try:
        tag = _unb64url(sig)
    except ValueError:
        return False
    hmac_key = await _hmac_key(secret, "verify")
    return await WebCrypto().verify(Hmac(), hmac_key, tag, _message(key, expires))
