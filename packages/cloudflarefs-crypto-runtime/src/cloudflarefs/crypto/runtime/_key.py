"""``CryptoKey`` / ``CryptoKeyPair``: typed views of JS keys (the key material stays in JS)."""

from __future__ import annotations

from typing import Any, cast

import attrs

from cloudflarefs.core import ResponseDecodeError
from cloudflarefs.core.js import from_js
from cloudflarefs.crypto.runtime._types import KeyType, KeyUsage


@attrs.frozen
class CryptoKey:
    """A WebCrypto key.

    Attributes:
        type: ``"secret"``, ``"public"`` or ``"private"``.
        extractable: whether ``export_key`` may read it.
        algorithm: the key's algorithm as a dict (``{"name": "HMAC", "hash": {"name":
            "SHA-256"}, "length": 512}``...).
        usages: what the key may be used for.
        js: the underlying JS ``CryptoKey`` (not part of equality or repr).
    """

    type: KeyType
    extractable: bool
    algorithm: dict[str, Any]
    usages: tuple[KeyUsage, ...]
    js: Any = attrs.field(eq=False, repr=False)

    @property
    def algorithm_name(self) -> str:
        """``algorithm["name"]``, e.g. ``"AES-GCM"``."""
        return str(self.algorithm.get("name", ""))


@attrs.frozen
class CryptoKeyPair:
    """The two halves of a generated asymmetric key."""

    public_key: CryptoKey
    private_key: CryptoKey


def key_from_js(js_key: Any) -> CryptoKey:
    """Wrap a JS ``CryptoKey`` (reading its public properties, never its material)."""
    try:
        algorithm = from_js(js_key.algorithm, objects="all")
        usages = from_js(js_key.usages)
        key_type = str(js_key.type)
        extractable = bool(js_key.extractable)
    except AttributeError as exc:
        raise ResponseDecodeError(f"expected a JS CryptoKey, got {js_key!r}") from exc
    if not isinstance(algorithm, dict) or not isinstance(usages, list):
        raise ResponseDecodeError(f"expected a JS CryptoKey, got {js_key!r}")
    return CryptoKey(
        type=cast(KeyType, key_type),
        extractable=extractable,
        algorithm=cast(dict[str, Any], algorithm),
        usages=tuple(cast(list[KeyUsage], usages)),
        js=js_key,
    )


def key_pair_from_js(js_pair: Any) -> CryptoKeyPair:
    """Wrap a JS ``CryptoKeyPair``."""
    try:
        public, private = js_pair.publicKey, js_pair.privateKey
    except AttributeError as exc:
        raise ResponseDecodeError(f"expected a JS CryptoKeyPair, got {js_pair!r}") from exc
    return CryptoKeyPair(public_key=key_from_js(public), private_key=key_from_js(private))
