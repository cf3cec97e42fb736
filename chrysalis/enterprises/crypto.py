"""Field-level encryption of personal data at rest (contacts' phone and ID numbers).

AES-256-GCM with a random 96-bit nonce; the key is derived (HKDF-SHA256) from
settings.FIELD_ENCRYPTION_KEY. Stored form: ``v1:`` + urlsafe base64(nonce ‖ ciphertext ‖ tag).
A blind index (HMAC-SHA256 under a second derived key) allows exact-match lookups and duplicate
detection without decrypting. Masking helpers produce the display form (138****1234).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, bytes]:
    material = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=b"chrysalis-field-encryption", info=b"aes-gcm+hmac"
    ).derive(secret.encode())
    return material[:32], material[32:]


def _secret() -> str:
    secret = settings.FIELD_ENCRYPTION_KEY
    if not secret:
        raise RuntimeError("FIELD_ENCRYPTION_KEY is not configured")
    return secret


def encrypt(plain: str) -> str:
    if plain in (None, ""):
        return ""
    key, _ = _keys(_secret())
    nonce = os.urandom(12)
    data = AESGCM(key).encrypt(nonce, plain.encode(), b"chrysalis")
    return PREFIX + base64.urlsafe_b64encode(nonce + data).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode())
    key, _ = _keys(_secret())
    return AESGCM(key).decrypt(raw[:12], raw[12:], b"chrysalis").decode()


def blind_index(plain: str) -> str:
    if not plain:
        return ""
    _, key = _keys(_secret())
    return hmac.new(key, normalise(plain).encode(), hashlib.sha256).hexdigest()[:32]


def normalise(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "").upper()


def mask_phone(value: str) -> str:
    v = normalise(value)
    if not v:
        return ""
    if len(v) >= 7:
        return v[:3] + "****" + v[-4:]
    return "*" * len(v)


def mask_id_number(value: str) -> str:
    v = normalise(value)
    if not v:
        return ""
    if len(v) >= 8:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    return "*" * len(v)


class EncryptedTextField(models.TextField):
    """Stores ciphertext; the Python value is the clear text (decrypted on load).

    Never filter on it (the nonce is random): filter on the blind index column instead. Audit
    snapshots mask fields named phone / id_number (chrysalis.audit.services.SENSITIVE_FIELDS).
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return ""
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return ""
        if isinstance(value, str) and value.startswith(PREFIX):
            return value
        return encrypt(value)
