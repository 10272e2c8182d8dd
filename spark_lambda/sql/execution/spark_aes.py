"""Spark's ``aes_encrypt``/``aes_decrypt`` byte layout over the ``cryptography`` package:
GCM (the default; padding NONE) writes the 12-byte IV, the ciphertext and the 16-byte tag, with
the additional authenticated data when given; CBC (PKCS padding) writes the 16-byte IV and the
ciphertext; ECB (PKCS padding) the ciphertext alone. An IV not given is random. Keys are 16,
24 or 32 bytes. A refusal raises ``ValueError("[ERROR_CLASS] text")`` with Spark's class."""

from __future__ import annotations

import os

_PADDINGS = {"GCM": ("NONE", "DEFAULT"), "CBC": ("PKCS", "DEFAULT"), "ECB": ("PKCS", "DEFAULT")}
_IV = {"GCM": 12, "CBC": 16}


def _crypto():
    try:
        from cryptography.hazmat.primitives import padding
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        raise ValueError("[UNSUPPORTED_FEATURE.AES_MODE] aes_encrypt/aes_decrypt need the "
                         "'cryptography' package: pip install cryptography") from None
    return Cipher, algorithms, modes, padding


def _check(key: bytes, mode: str, pad: str, fn: str) -> str:
    mode = mode.upper()
    if len(key) not in (16, 24, 32):
        raise ValueError(f"[INVALID_PARAMETER_VALUE.AES_KEY_LENGTH] The value of parameter(s) "
                         f"`key` in `{fn}` is invalid: expects a binary value with 16, 24 or "
                         f"32 bytes, but got {len(key)} bytes.")
    if pad.upper() not in _PADDINGS.get(mode, ()):
        raise ValueError(f"[UNSUPPORTED_FEATURE.AES_MODE] The feature is not supported: AES-"
                         f"{mode} with the padding {pad.upper()} by the `{fn}` function.")
    return mode


def encrypt(data, key, mode, pad, iv, aad):
    """``aes_encrypt``: the encrypted bytes (NULL when an argument is)."""
    if data is None or key is None or mode is None or pad is None:
        return None
    mode = _check(key, mode, pad, "aes_encrypt")
    Cipher, algorithms, modes, padding = _crypto()
    iv, aad = iv or b"", aad or b""
    if mode == "ECB":
        if iv or aad:
            raise ValueError("[UNSUPPORTED_FEATURE.AES_MODE_IV] The feature is not supported: "
                             "AES-ECB does not support initialization vectors (IVs).")
        padder = padding.PKCS7(128).padder()
        enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        return enc.update(padder.update(data) + padder.finalize()) + enc.finalize()
    if iv and len(iv) != _IV[mode]:
        raise ValueError(f"[INVALID_PARAMETER_VALUE.AES_IV_LENGTH] The value of parameter(s) "
                         f"`iv` in `aes_encrypt` is invalid: supports {_IV[mode]}-byte IVs for "
                         f"{mode}, but got {len(iv)} bytes.")
    iv = iv or os.urandom(_IV[mode])
    if mode == "GCM":
        enc = Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()
        if aad:
            enc.authenticate_additional_data(aad)
        body = enc.update(data) + enc.finalize()
        return iv + body + enc.tag
    if aad:
        raise ValueError("[UNSUPPORTED_FEATURE.AES_MODE_AAD] The feature is not supported: "
                         "AES-CBC does not support additional authenticated data (AAD).")
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + enc.update(padder.update(data) + padder.finalize()) + enc.finalize()


def decrypt(data, key, mode, pad, aad, soft):
    """``aes_decrypt`` (``soft``: ``try_aes_decrypt``, NULL where it fails)."""
    if data is None or key is None or mode is None or pad is None:
        return None
    try:
        mode = _check(key, mode, pad, "try_aes_decrypt" if soft else "aes_decrypt")
        return _decrypt(data, key, mode, aad or b"")
    except ValueError:
        if soft:
            return None
        raise


def _decrypt(data: bytes, key: bytes, mode: str, aad: bytes) -> bytes:
    Cipher, algorithms, modes, padding = _crypto()
    try:
        if mode == "GCM":
            iv, body, tag = data[:12], data[12:-16], data[-16:]
            dec = Cipher(algorithms.AES(key), modes.GCM(iv, tag)).decryptor()
            if aad:
                dec.authenticate_additional_data(aad)
            return dec.update(body) + dec.finalize()
        if mode == "CBC":
            dec = Cipher(algorithms.AES(key), modes.CBC(data[:16])).decryptor()
            body = dec.update(data[16:]) + dec.finalize()
        else:
            dec = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
            body = dec.update(data) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(body) + unpadder.finalize()
    except Exception as e:  # noqa: BLE001 - a wrong key, tag or padding
        raise ValueError(f"[INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR] The value of "
                         f"parameter(s) `expr`, `key` in `aes_decrypt` is invalid: detail "
                         f"message: {type(e).__name__} {e}") from None
