"""Typed algorithm parameters: one frozen attrs class per WebCrypto dictionary.

Each class validates itself on construction (raising
:class:`~cloudflarefs.core.InvalidInputError`) and knows its wire form (``to_wire``), a dict the
codec turns into the JS algorithm object.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, Literal, get_args

import attrs

from cloudflarefs.core import InvalidInputError
from cloudflarefs.crypto.runtime._types import (
    HashAlgorithm,
    NamedCurve,
    check_choice,
    check_data,
)

_HASHES: Final = get_args(HashAlgorithm)
_CURVES: Final = get_args(NamedCurve)


def _hash(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_choice(value, _HASHES, f"{attribute.name}")


def _bytes(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_data(value, attribute.name)


def _opt_bytes(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_data(value, attribute.name)


def _one_of(*options: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_choice(value, options, attribute.name)

    return check


def _opt_positive(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvalidInputError(f"{attribute.name} must be a positive int, got {value!r}")


def _int_in(low: int, high: int) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInputError(
                f"{attribute.name} must be an int in {low}..{high}, got {value!r}"
            )

    return check


# ---- key algorithms (generate_key / import_key) -------------------------------------------


@attrs.frozen
class AesKey:
    """An AES key: ``AesKey("AES-GCM", length=256)``. ``length`` is used by ``generate_key``
    and ``derive_key``; imports take the length from the key data."""

    name: Literal["AES-GCM", "AES-CBC", "AES-CTR", "AES-KW"] = attrs.field(
        validator=_one_of("AES-GCM", "AES-CBC", "AES-CTR", "AES-KW")
    )
    length: Literal[128, 192, 256] = attrs.field(default=256)

    @length.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _length(self, _: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or value not in (128, 192, 256):
            raise InvalidInputError(f"AES key length must be 128, 192 or 256, got {value!r}")

    def to_wire(self) -> dict[str, Any]:
        """The JS ``AesKeyGenParams``."""
        return {"name": self.name, "length": self.length}


@attrs.frozen
class HmacKey:
    """An HMAC key: ``HmacKey("SHA-256")``; ``length`` in bits defaults to the hash block size."""

    hash: HashAlgorithm = attrs.field(validator=_hash)
    length: int | None = attrs.field(default=None, validator=_opt_positive)

    name: ClassVar[str] = "HMAC"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``HmacKeyGenParams`` / ``HmacImportParams``."""
        wire: dict[str, Any] = {"name": "HMAC", "hash": self.hash}
        if self.length is not None:
            wire["length"] = self.length
        return wire


@attrs.frozen
class RsaKey:
    """An RSA key: ``RsaKey("RSA-PSS", hash="SHA-256", modulus_length=2048)``."""

    name: Literal["RSA-OAEP", "RSA-PSS", "RSASSA-PKCS1-v1_5"] = attrs.field(
        validator=_one_of("RSA-OAEP", "RSA-PSS", "RSASSA-PKCS1-v1_5")
    )
    hash: HashAlgorithm = attrs.field(default="SHA-256", validator=_hash)
    modulus_length: int = attrs.field(default=2048, validator=_int_in(1024, 16384))
    public_exponent: int = attrs.field(default=65537)

    @public_exponent.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _exponent(self, _: attrs.Attribute[Any], value: object) -> None:
        # workerd (like BoringSSL) only generates with 3 or 65537.
        if isinstance(value, bool) or value not in (3, 65537):
            raise InvalidInputError(f"public_exponent must be 3 or 65537, got {value!r}")

    def to_wire(self) -> dict[str, Any]:
        """The JS ``RsaHashedKeyGenParams`` (imports ignore the size fields)."""
        exponent = self.public_exponent.to_bytes((self.public_exponent.bit_length() + 7) // 8)
        return {
            "name": self.name,
            "hash": self.hash,
            "modulusLength": self.modulus_length,
            "publicExponent": exponent,
        }


@attrs.frozen
class EcKey:
    """An elliptic-curve key: ``EcKey("ECDSA", "P-256")``."""

    name: Literal["ECDSA", "ECDH"] = attrs.field(validator=_one_of("ECDSA", "ECDH"))
    named_curve: NamedCurve = attrs.field(validator=_one_of(*_CURVES))

    def to_wire(self) -> dict[str, Any]:
        """The JS ``EcKeyGenParams`` / ``EcKeyImportParams``."""
        return {"name": self.name, "namedCurve": self.named_curve}


@attrs.frozen
class OkpKey:
    """An Edwards/Montgomery curve key: ``OkpKey("Ed25519")`` or ``OkpKey("X25519")``."""

    name: Literal["Ed25519", "X25519"] = attrs.field(
        default="Ed25519",
        validator=_one_of("Ed25519", "X25519"),
    )

    def to_wire(self) -> dict[str, Any]:
        """The JS algorithm identifier."""
        return {"name": self.name}


@attrs.frozen
class KdfKey:
    """Key material for derivation, imported raw: ``KdfKey("HKDF")`` or ``KdfKey("PBKDF2")``."""

    name: Literal["HKDF", "PBKDF2"] = attrs.field(validator=_one_of("HKDF", "PBKDF2"))

    def to_wire(self) -> dict[str, Any]:
        """The JS algorithm identifier."""
        return {"name": self.name}


KeyAlgorithm = AesKey | HmacKey | RsaKey | EcKey | OkpKey | KdfKey
"""Anything ``generate_key`` / ``import_key`` accept."""
SymmetricKeyAlgorithm = AesKey | HmacKey
"""Algorithms whose ``generate_key`` gives one :class:`CryptoKey`."""
AsymmetricKeyAlgorithm = RsaKey | EcKey | OkpKey
"""Algorithms whose ``generate_key`` gives a :class:`CryptoKeyPair`."""


# ---- operation parameters ---------------------------------------------------------------


@attrs.frozen
class AesGcm:
    """AES-GCM parameters: a 12-byte ``iv`` (never reuse one with the same key)."""

    iv: bytes = attrs.field(validator=_bytes)
    additional_data: bytes | None = attrs.field(default=None, validator=_opt_bytes)
    tag_length: Literal[32, 64, 96, 104, 112, 120, 128] = attrs.field(default=128)

    @iv.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _iv(self, _: attrs.Attribute[Any], value: bytes) -> None:
        if not value:
            raise InvalidInputError("AES-GCM iv must not be empty (12 bytes is standard)")

    @tag_length.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _tag(self, _: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or value not in (32, 64, 96, 104, 112, 120, 128):
            raise InvalidInputError(
                f"AES-GCM tag_length must be 32, 64 or 96..128 by 8, got {value!r}"
            )

    name: ClassVar[str] = "AES-GCM"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``AesGcmParams``."""
        wire: dict[str, Any] = {"name": "AES-GCM", "iv": self.iv, "tagLength": self.tag_length}
        if self.additional_data is not None:
            wire["additionalData"] = self.additional_data
        return wire


@attrs.frozen
class AesCbc:
    """AES-CBC parameters: a 16-byte ``iv``. WebCrypto applies PKCS#7 padding."""

    iv: bytes = attrs.field(validator=_bytes)

    @iv.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _iv(self, _: attrs.Attribute[Any], value: bytes) -> None:
        if len(value) != 16:
            raise InvalidInputError(f"AES-CBC iv must be 16 bytes, got {len(value)}")

    name: ClassVar[str] = "AES-CBC"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``AesCbcParams``."""
        return {"name": "AES-CBC", "iv": self.iv}


@attrs.frozen
class AesCtr:
    """AES-CTR parameters: a 16-byte initial ``counter`` block, ``length`` counter bits."""

    counter: bytes = attrs.field(validator=_bytes)
    length: int = attrs.field(default=64, validator=_int_in(1, 128))

    @counter.validator  # pyright: ignore[reportUntypedFunctionDecorator, reportAttributeAccessIssue, reportUnknownMemberType]
    def _counter(self, _: attrs.Attribute[Any], value: bytes) -> None:
        if len(value) != 16:
            raise InvalidInputError(f"AES-CTR counter must be 16 bytes, got {len(value)}")

    name: ClassVar[str] = "AES-CTR"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``AesCtrParams``."""
        return {"name": "AES-CTR", "counter": self.counter, "length": self.length}


@attrs.frozen
class RsaOaep:
    """RSA-OAEP parameters (the hash comes from the key); optional ``label``."""

    label: bytes | None = attrs.field(default=None, validator=_opt_bytes)

    name: ClassVar[str] = "RSA-OAEP"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``RsaOaepParams``."""
        return (
            {"name": "RSA-OAEP"}
            if self.label is None
            else {"name": "RSA-OAEP", "label": self.label}
        )


@attrs.frozen
class Hmac:
    """HMAC signing (the hash comes from the key)."""

    name: ClassVar[str] = "HMAC"

    def to_wire(self) -> dict[str, Any]:
        """The JS algorithm identifier."""
        return {"name": "HMAC"}


@attrs.frozen
class Ecdsa:
    """ECDSA signing with ``hash``; signatures are IEEE P1363 (``r || s``), not DER."""

    hash: HashAlgorithm = attrs.field(default="SHA-256", validator=_hash)

    name: ClassVar[str] = "ECDSA"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``EcdsaParams``."""
        return {"name": "ECDSA", "hash": self.hash}


@attrs.frozen
class Ed25519:
    """Ed25519 signing."""

    name: ClassVar[str] = "Ed25519"

    def to_wire(self) -> dict[str, Any]:
        """The JS algorithm identifier."""
        return {"name": "Ed25519"}


@attrs.frozen
class RsaPss:
    """RSA-PSS signing with ``salt_length`` bytes of salt (the hash comes from the key)."""

    salt_length: int = attrs.field(default=32, validator=_int_in(0, 1024))

    name: ClassVar[str] = "RSA-PSS"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``RsaPssParams``."""
        return {"name": "RSA-PSS", "saltLength": self.salt_length}


@attrs.frozen
class RsaPkcs1:
    """RSASSA-PKCS1-v1_5 signing (the hash comes from the key)."""

    name: ClassVar[str] = "RSASSA-PKCS1-v1_5"

    def to_wire(self) -> dict[str, Any]:
        """The JS algorithm identifier."""
        return {"name": "RSASSA-PKCS1-v1_5"}


@attrs.frozen
class Hkdf:
    """HKDF parameters: ``hash``, ``salt`` and ``info`` (both may be empty)."""

    hash: HashAlgorithm = attrs.field(validator=_hash)
    salt: bytes = attrs.field(validator=_bytes)
    info: bytes = attrs.field(default=b"", validator=_bytes)

    name: ClassVar[str] = "HKDF"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``HkdfParams``."""
        return {"name": "HKDF", "hash": self.hash, "salt": self.salt, "info": self.info}


@attrs.frozen
class Pbkdf2:
    """PBKDF2 parameters: ``hash``, ``salt`` and ``iterations`` (at least 1)."""

    hash: HashAlgorithm = attrs.field(validator=_hash)
    salt: bytes = attrs.field(validator=_bytes)
    iterations: int = attrs.field(validator=_int_in(1, 10_000_000))

    name: ClassVar[str] = "PBKDF2"

    def to_wire(self) -> dict[str, Any]:
        """The JS ``Pbkdf2Params``."""
        return {
            "name": "PBKDF2",
            "hash": self.hash,
            "salt": self.salt,
            "iterations": self.iterations,
        }


CipherParams = AesGcm | AesCbc | AesCtr | RsaOaep
"""Anything ``encrypt`` / ``decrypt`` accept."""
SignParams = Hmac | Ecdsa | Ed25519 | RsaPss | RsaPkcs1
"""Anything ``sign`` / ``verify`` accept."""
DeriveParams = Hkdf | Pbkdf2
"""Anything ``derive_bits`` / ``derive_key`` accept."""
