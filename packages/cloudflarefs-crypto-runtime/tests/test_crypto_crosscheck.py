"""WebCrypto computed inside Pyodide (Node's WebCrypto, as Miniflare-hosted tests see it),
cross-checked on the host against ``hashlib``/``hmac`` and the ``cryptography`` package.

Each test runs a function in Pyodide with ``worker.run`` (hex strings in and out) and asserts on
the host: identical bytes for digests, MACs, ciphertexts, derivations and key exports; signatures
made on one side verify on the other; RSA-OAEP ciphertexts decrypt on the other side.
"""

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.padding import PKCS7

from cloudflarefs.crypto.runtime import (
    AesCbc,
    AesCtr,
    AesGcm,
    AesKey,
    Ecdsa,
    EcKey,
    Ed25519,
    Hkdf,
    Hmac,
    HmacKey,
    KdfKey,
    OkpKey,
    Pbkdf2,
    RsaKey,
    RsaOaep,
    RsaPkcs1,
    RsaPss,
    WebCrypto,
)

MESSAGE = b"cloudflarefs \x00\xff cross-check" * 7
_HASHES = {
    "SHA-1": hashes.SHA1,
    "SHA-256": hashes.SHA256,
    "SHA-384": hashes.SHA384,
    "SHA-512": hashes.SHA512,
}


def test_digests_match_hashlib(worker):
    async def compute(data):
        wc = WebCrypto()
        raw = bytes.fromhex(data)
        return {
            a: (await wc.digest(a, raw)).hex() for a in ("SHA-1", "SHA-256", "SHA-384", "SHA-512")
        }

    got = worker.run(compute, data=MESSAGE.hex())
    for name, fn in (
        ("SHA-1", "sha1"),
        ("SHA-256", "sha256"),
        ("SHA-384", "sha384"),
        ("SHA-512", "sha512"),
    ):
        assert got[name] == hashlib.new(fn, MESSAGE).hexdigest(), name


def test_hmac_sign_verify_and_raw_export_match_hmac_module(worker):
    secret = os.urandom(32)

    async def compute(secret, data):
        wc = WebCrypto()
        out = {}
        for h in ("SHA-1", "SHA-256", "SHA-384", "SHA-512"):
            key = await wc.import_key(
                "raw",
                bytes.fromhex(secret),
                HmacKey(h),
                extractable=True,
                usages=["sign", "verify"],
            )
            tag = await wc.sign(Hmac(), key, bytes.fromhex(data))
            ok = await wc.verify(Hmac(), key, tag, bytes.fromhex(data))
            bad = await wc.verify(Hmac(), key, tag, b"other")
            out[h] = [tag.hex(), ok, bad, (await wc.export_key("raw", key)).hex()]
        generated = await wc.generate_key(HmacKey("SHA-256"), extractable=True, usages=["sign"])
        out["generated"] = [
            generated.type,
            generated.algorithm_name,
            len(await wc.export_key("raw", generated)),
        ]
        return out

    got = worker.run(compute, secret=secret.hex(), data=MESSAGE.hex())
    for name, fn in (
        ("SHA-1", "sha1"),
        ("SHA-256", "sha256"),
        ("SHA-384", "sha384"),
        ("SHA-512", "sha512"),
    ):
        tag, ok, bad, exported = got[name]
        assert tag == hmac.new(secret, MESSAGE, fn).hexdigest(), name
        assert (ok, bad) == (True, False), name
        assert exported == secret.hex(), name
    assert got["generated"] == ["secret", "HMAC", 64]  # SHA-256 block size


def test_aes_gcm_cbc_ctr_match_cryptography(worker):
    key, iv12, iv16, aad = os.urandom(32), os.urandom(12), os.urandom(16), b"header"

    async def compute(key, iv12, iv16, aad, data, host_gcm):
        wc = WebCrypto()
        k, d = bytes.fromhex(key), bytes.fromhex(data)
        out = {}
        for name, params in (
            ("AES-GCM", AesGcm(bytes.fromhex(iv12), additional_data=bytes.fromhex(aad))),
            ("AES-CBC", AesCbc(bytes.fromhex(iv16))),
            ("AES-CTR", AesCtr(bytes.fromhex(iv16), length=64)),
        ):
            ck = await wc.import_key(
                "raw", k, AesKey(name), extractable=True, usages=["encrypt", "decrypt"]
            )
            ct = await wc.encrypt(params, ck, d)
            assert await wc.decrypt(params, ck, ct) == d, name
            out[name] = ct.hex()
            if name == "AES-GCM":
                out["host_plain"] = (await wc.decrypt(params, ck, bytes.fromhex(host_gcm))).hex()
        gen = await wc.generate_key(
            AesKey("AES-GCM", length=128), extractable=True, usages=["encrypt"]
        )
        out["generated_len"] = len(await wc.export_key("raw", gen))
        return out

    host_gcm = AESGCM(key).encrypt(iv12, b"from the host", aad)
    got = worker.run(
        compute,
        key=key.hex(),
        iv12=iv12.hex(),
        iv16=iv16.hex(),
        aad=aad.hex(),
        data=MESSAGE.hex(),
        host_gcm=host_gcm.hex(),
    )
    assert got["AES-GCM"] == AESGCM(key).encrypt(iv12, MESSAGE, aad).hex()
    padder = PKCS7(128).padder()
    padded = padder.update(MESSAGE) + padder.finalize()
    cbc = Cipher(algorithms.AES(key), modes.CBC(iv16)).encryptor()
    assert got["AES-CBC"] == (cbc.update(padded) + cbc.finalize()).hex()
    ctr = Cipher(algorithms.AES(key), modes.CTR(iv16)).encryptor()
    assert got["AES-CTR"] == (ctr.update(MESSAGE) + ctr.finalize()).hex()
    assert bytes.fromhex(got["host_plain"]) == b"from the host"
    assert got["generated_len"] == 16


def _p1363(der: bytes, size: int) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def test_ecdsa_p256_p384_signatures_verify_both_ways(worker):
    host_keys = {
        "P-256": ec.generate_private_key(ec.SECP256R1()),
        "P-384": ec.generate_private_key(ec.SECP384R1()),
    }
    sizes, host_hash = (
        {"P-256": 32, "P-384": 48},
        {"P-256": hashes.SHA256(), "P-384": hashes.SHA384()},
    )
    host = {
        curve: [
            k.public_key()
            .public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .hex(),
            _p1363(k.sign(MESSAGE, ec.ECDSA(host_hash[curve])), sizes[curve]).hex(),
        ]
        for curve, k in host_keys.items()
    }

    async def compute(host, data):
        wc = WebCrypto()
        d = bytes.fromhex(data)
        out = {}
        for curve, h in (("P-256", "SHA-256"), ("P-384", "SHA-384")):
            pair = await wc.generate_key(
                EcKey("ECDSA", curve), extractable=True, usages=["sign", "verify"]
            )
            sig = await wc.sign(Ecdsa(h), pair.private_key, d)
            spki = await wc.export_key("spki", pair.public_key)
            jwk = await wc.export_key("jwk", pair.public_key)
            pkcs8 = await wc.export_key("pkcs8", pair.private_key)
            host_pub = await wc.import_key(
                "spki",
                bytes.fromhex(host[curve][0]),
                EcKey("ECDSA", curve),
                extractable=True,
                usages=["verify"],
            )
            ok = await wc.verify(Ecdsa(h), host_pub, bytes.fromhex(host[curve][1]), d)
            tampered = await wc.verify(Ecdsa(h), host_pub, bytes.fromhex(host[curve][1]), d + b"!")
            out[curve] = [spki.hex(), sig.hex(), jwk, pkcs8.hex(), ok, tampered]
        return out

    got = worker.run(compute, host=host, data=MESSAGE.hex())
    for curve, (spki, sig, jwk, pkcs8, ok, tampered) in got.items():
        size = sizes[curve]
        public = serialization.load_der_public_key(bytes.fromhex(spki))
        raw = bytes.fromhex(sig)
        der = encode_dss_signature(
            int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")
        )
        public.verify(der, MESSAGE, ec.ECDSA(host_hash[curve]))  # raises if invalid
        numbers = public.public_numbers()
        assert jwk["crv"] == curve and jwk["kty"] == "EC", jwk
        assert _b64u_int(jwk["x"]) == numbers.x and _b64u_int(jwk["y"]) == numbers.y, curve
        private = serialization.load_der_private_key(bytes.fromhex(pkcs8), None)
        assert private.public_key().public_numbers() == numbers, curve
        assert (ok, tampered) == (True, False), curve


def _b64u_int(text: str) -> int:
    import base64

    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def test_ed25519_signatures_verify_both_ways(worker):
    host_key = ed25519.Ed25519PrivateKey.generate()
    host_pub = host_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )

    async def compute(host_pub, host_sig, data):
        wc = WebCrypto()
        d = bytes.fromhex(data)
        pair = await wc.generate_key(OkpKey("Ed25519"), extractable=True, usages=["sign", "verify"])
        sig = await wc.sign(Ed25519(), pair.private_key, d)
        raw_pub = await wc.export_key("raw", pair.public_key)
        theirs = await wc.import_key(
            "raw", bytes.fromhex(host_pub), OkpKey("Ed25519"), extractable=True, usages=["verify"]
        )
        return [
            raw_pub.hex(),
            sig.hex(),
            await wc.verify(Ed25519(), theirs, bytes.fromhex(host_sig), d),
        ]

    raw_pub, sig, ok = worker.run(
        compute, host_pub=host_pub.hex(), host_sig=host_key.sign(MESSAGE).hex(), data=MESSAGE.hex()
    )
    ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(raw_pub)).verify(
        bytes.fromhex(sig), MESSAGE
    )
    assert ok is True


def test_rsa_pss_and_oaep_interoperate_with_cryptography(worker):
    host_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkcs8 = host_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki = host_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

    async def compute(pkcs8, spki, host_sig, host_ct, data):
        wc = WebCrypto()
        d = bytes.fromhex(data)
        pss_priv = await wc.import_key(
            "pkcs8", bytes.fromhex(pkcs8), RsaKey("RSA-PSS"), extractable=True, usages=["sign"]
        )
        pss_pub = await wc.import_key(
            "spki", bytes.fromhex(spki), RsaKey("RSA-PSS"), extractable=True, usages=["verify"]
        )
        oaep_priv = await wc.import_key(
            "pkcs8", bytes.fromhex(pkcs8), RsaKey("RSA-OAEP"), extractable=False, usages=["decrypt"]
        )
        oaep_pub = await wc.import_key(
            "spki", bytes.fromhex(spki), RsaKey("RSA-OAEP"), extractable=True, usages=["encrypt"]
        )
        pair = await wc.generate_key(
            RsaKey("RSA-PSS", modulus_length=2048), extractable=True, usages=["sign", "verify"]
        )
        pkcs1 = await wc.import_key(
            "pkcs8",
            bytes.fromhex(pkcs8),
            RsaKey("RSASSA-PKCS1-v1_5", hash="SHA-384"),
            extractable=False,
            usages=["sign"],
        )
        return {
            "sig": (await wc.sign(RsaPss(salt_length=32), pss_priv, d)).hex(),
            "host_sig_ok": await wc.verify(
                RsaPss(salt_length=32), pss_pub, bytes.fromhex(host_sig), d
            ),
            "ct": (await wc.encrypt(RsaOaep(), oaep_pub, b"secret for the host")).hex(),
            "host_plain": (await wc.decrypt(RsaOaep(), oaep_priv, bytes.fromhex(host_ct))).hex(),
            "pkcs8_roundtrip": (await wc.export_key("pkcs8", pss_priv)).hex(),
            "generated_spki": (await wc.export_key("spki", pair.public_key)).hex(),
            "generated_sig": (await wc.sign(RsaPss(salt_length=32), pair.private_key, d)).hex(),
            "pkcs1_sig": (await wc.sign(RsaPkcs1(), pkcs1, d)).hex(),
        }

    got = worker.run(
        compute,
        pkcs8=pkcs8.hex(),
        spki=spki.hex(),
        host_sig=host_key.sign(MESSAGE, pss, hashes.SHA256()).hex(),
        host_ct=host_key.public_key().encrypt(b"secret for Pyodide", oaep).hex(),
        data=MESSAGE.hex(),
    )
    host_key.public_key().verify(bytes.fromhex(got["sig"]), MESSAGE, pss, hashes.SHA256())
    assert got["host_sig_ok"] is True
    assert host_key.decrypt(bytes.fromhex(got["ct"]), oaep) == b"secret for the host"
    assert bytes.fromhex(got["host_plain"]) == b"secret for Pyodide"
    roundtrip = serialization.load_der_private_key(bytes.fromhex(got["pkcs8_roundtrip"]), None)
    assert roundtrip.private_numbers() == host_key.private_numbers()  # type: ignore[union-attr]
    generated = serialization.load_der_public_key(bytes.fromhex(got["generated_spki"]))
    assert generated.key_size == 2048  # type: ignore[union-attr]
    generated.verify(bytes.fromhex(got["generated_sig"]), MESSAGE, pss, hashes.SHA256())  # type: ignore[call-arg, union-attr]
    host_key.public_key().verify(
        bytes.fromhex(got["pkcs1_sig"]), MESSAGE, padding.PKCS1v15(), hashes.SHA384()
    )


def test_hkdf_and_pbkdf2_match_cryptography(worker):
    ikm, salt, info = os.urandom(32), os.urandom(16), b"context"

    async def compute(ikm, salt, info):
        wc = WebCrypto()
        out = {}
        hkdf_key = await wc.import_key(
            "raw",
            bytes.fromhex(ikm),
            KdfKey("HKDF"),
            extractable=False,
            usages=["deriveBits", "deriveKey"],
        )
        pbkdf_key = await wc.import_key(
            "raw",
            bytes.fromhex(ikm),
            KdfKey("PBKDF2"),
            extractable=False,
            usages=["deriveBits", "deriveKey"],
        )
        for h in ("SHA-1", "SHA-256", "SHA-384", "SHA-512"):
            hk = Hkdf(h, salt=bytes.fromhex(salt), info=bytes.fromhex(info))
            pb = Pbkdf2(h, salt=bytes.fromhex(salt), iterations=1000)
            out[h] = [
                (await wc.derive_bits(hk, hkdf_key, 256)).hex(),
                (await wc.derive_bits(pb, pbkdf_key, 384)).hex(),
            ]
        aes = await wc.derive_key(
            Hkdf("SHA-256", salt=bytes.fromhex(salt), info=bytes.fromhex(info)),
            hkdf_key,
            AesKey("AES-GCM", length=256),
            extractable=True,
            usages=["encrypt", "decrypt"],
        )
        mac = await wc.derive_key(
            Pbkdf2("SHA-256", salt=bytes.fromhex(salt), iterations=1000),
            pbkdf_key,
            HmacKey("SHA-256", length=256),
            extractable=True,
            usages=["sign"],
        )
        out["aes"] = (await wc.export_key("raw", aes)).hex()
        out["hmac"] = (await wc.export_key("raw", mac)).hex()
        return out

    got = worker.run(compute, ikm=ikm.hex(), salt=salt.hex(), info=info.hex())
    for name, algo in _HASHES.items():
        hkdf_bits, pbkdf_bits = got[name]
        assert hkdf_bits == HKDF(algo(), 32, salt, info).derive(ikm).hex(), name
        assert pbkdf_bits == PBKDF2HMAC(algo(), 48, salt, 1000).derive(ikm).hex(), name
    assert got["aes"] == HKDF(hashes.SHA256(), 32, salt, info).derive(ikm).hex()
    assert got["hmac"] == PBKDF2HMAC(hashes.SHA256(), 32, salt, 1000).derive(ikm).hex()


def test_jwk_import_of_a_host_key_and_export_roundtrip(worker):
    import base64

    secret = os.urandom(32)
    jwk = {
        "kty": "oct",
        "k": base64.urlsafe_b64encode(secret).rstrip(b"=").decode(),
        "alg": "HS256",
        "ext": True,
    }

    async def compute(jwk, data):
        wc = WebCrypto()
        key = await wc.import_key(
            "jwk", jwk, HmacKey("SHA-256"), extractable=True, usages=["sign", "verify"]
        )
        return [
            (await wc.sign(Hmac(), key, bytes.fromhex(data))).hex(),
            await wc.export_key("jwk", key),
            key.usages,
        ]

    tag, exported, usages = worker.run(compute, jwk=jwk, data=MESSAGE.hex())
    assert tag == hmac.new(secret, MESSAGE, "sha256").hexdigest()
    assert exported["k"] == jwk["k"] and exported["kty"] == "oct", exported
    assert sorted(usages) == ["sign", "verify"]
