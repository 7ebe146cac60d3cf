"""Host-CPython unit tests for the pure parts: parameter validation and wire forms, usage rules,
and key structuring (with a small fake JS key and a plain-Python codec backend)."""

import types
from collections.abc import Sequence
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import use_backend
from cloudflarefs.crypto.runtime import (
    ALLOWED_USAGES,
    AesCtr,
    AesGcm,
    AesKey,
    CryptoKey,
    Ecdsa,
    EcKey,
    Hkdf,
    HmacKey,
    Pbkdf2,
    RsaKey,
    RsaOaep,
    RsaPss,
    WebCrypto,
)
from cloudflarefs.crypto.runtime._key import key_from_js, key_pair_from_js
from cloudflarefs.crypto.runtime._types import check_usages


class PlainBackend:
    """Codec backend where "JS values" are plain Python values (nothing is a JS proxy)."""

    jsnull = object()

    def is_js(self, value: Any) -> bool:
        return False

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        return dict(entries)

    def new_array(self, items: Sequence[Any]) -> Any:
        return list(items)

    def new_uint8array(self, data: bytes) -> Any:
        return bytes(data)


def test_wire_forms() -> None:
    assert AesKey("AES-CBC", length=128).to_wire() == {"name": "AES-CBC", "length": 128}
    assert HmacKey("SHA-384").to_wire() == {"name": "HMAC", "hash": "SHA-384"}
    assert RsaKey("RSA-OAEP").to_wire()["publicExponent"] == b"\x01\x00\x01"
    assert EcKey("ECDSA", "P-384").to_wire() == {"name": "ECDSA", "namedCurve": "P-384"}
    assert AesGcm(b"i" * 12).to_wire() == {"name": "AES-GCM", "iv": b"i" * 12, "tagLength": 128}
    assert "additionalData" in AesGcm(b"i", additional_data=b"a").to_wire()
    assert AesCtr(b"c" * 16).to_wire()["length"] == 64
    assert RsaOaep(label=b"l").to_wire() == {"name": "RSA-OAEP", "label": b"l"}
    assert RsaPss().to_wire() == {"name": "RSA-PSS", "saltLength": 32}
    assert Ecdsa("SHA-512").to_wire() == {"name": "ECDSA", "hash": "SHA-512"}
    assert Hkdf("SHA-1", salt=b"s").to_wire()["info"] == b""
    assert Pbkdf2("SHA-256", salt=b"s", iterations=1).to_wire()["iterations"] == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: AesKey("AES-GCM", length=True),
        lambda: HmacKey("SHA-3"),
        lambda: HmacKey("SHA-256", length=0),
        lambda: RsaKey("RSA-PSS", modulus_length=512),
        lambda: AesCtr(b"c" * 16, length=0),
        lambda: AesGcm(b"i", tag_length=100),
        lambda: AesGcm("iv"),
        lambda: Pbkdf2("SHA-256", salt=b"s", iterations=0),
        lambda: RsaPss(salt_length=-1),
    ],
)
def test_bad_parameters(build: Any) -> None:
    with pytest.raises(InvalidInputError):
        build()


def test_usage_rules() -> None:
    assert check_usages("ECDSA", ["sign", "verify"]) == ("sign", "verify")
    assert ALLOWED_USAGES["AES-KW"] == {"wrapKey", "unwrapKey"}
    with pytest.raises(InvalidInputError, match="cannot be used for 'encrypt'"):
        check_usages("HMAC", ["encrypt"])
    with pytest.raises(InvalidInputError, match="at least one"):
        check_usages("HMAC", [])


def test_key_structuring_keeps_material_out_of_repr() -> None:
    js_key = types.SimpleNamespace(
        type="secret", extractable=False, algorithm={"name": "HMAC", "length": 256}, usages=["sign"]
    )
    with use_backend(PlainBackend()):  # type: ignore[arg-type]
        key = key_from_js(js_key)
        pair = key_pair_from_js(types.SimpleNamespace(publicKey=js_key, privateKey=js_key))
    assert key == CryptoKey(
        type="secret",
        extractable=False,
        algorithm={"name": "HMAC", "length": 256},
        usages=("sign",),
        js=None,
    )
    assert key.algorithm_name == "HMAC" and "js=" not in repr(key)
    assert pair.public_key == key
    with pytest.raises(ResponseDecodeError), use_backend(PlainBackend()):  # type: ignore[arg-type]
        key_from_js(object())


async def test_webcrypto_calls_an_injected_crypto_and_validates_first() -> None:
    calls: list[tuple[str, Any]] = []

    async def digest(algorithm: str, data: bytes) -> bytes:
        calls.append((algorithm, data))
        return b"\x01\x02"

    fake = types.SimpleNamespace(subtle=types.SimpleNamespace(digest=digest))
    with use_backend(PlainBackend()):  # type: ignore[arg-type]
        wc = WebCrypto(crypto=fake)
        assert await wc.digest("SHA-256", bytearray(b"x")) == b"\x01\x02"
        with pytest.raises(InvalidInputError, match="unsupported digest"):
            await wc.digest("sha256", b"x")  # type: ignore[arg-type]
    assert calls == [("SHA-256", b"x")]
    assert repr(wc) == "WebCrypto()"
