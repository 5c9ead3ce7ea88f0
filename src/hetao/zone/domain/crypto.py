"""Encryption at rest and keyed lookup hashes for sensitive personal data (identity document numbers)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = "v1"


def _key(name: str) -> bytes:
    raw = base64.b64decode(getattr(settings, name))
    if len(raw) != 32:
        raise ValueError(f"{name} must be 32 bytes, base64-encoded")
    return raw


def encrypt(plaintext: str, *, context: str) -> str:
    """AES-256-GCM with a random nonce; ``context`` is bound as associated data so a ciphertext cannot be
    moved to another field or record kind unnoticed."""
    nonce = os.urandom(12)
    sealed = AESGCM(_key("HETAO_DATA_KEY")).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{_VERSION}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    version, _, body = token.partition(":")
    if version != _VERSION:
        raise ValueError(f"unknown ciphertext version {version!r}")
    data = base64.b64decode(body)
    return AESGCM(_key("HETAO_DATA_KEY")).decrypt(data[:12], data[12:], context.encode()).decode()


def lookup_hash(value: str, *, context: str) -> str:
    """HMAC-SHA256 under the lookup key: equal values give equal hashes, but the hash alone reveals nothing
    to someone without the key (identity numbers are too few to resist a plain-hash dictionary)."""
    return hmac.new(_key("HETAO_LOOKUP_KEY"), f"{context}\x00{value}".encode(), hashlib.sha256).hexdigest()
