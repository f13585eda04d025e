"""Passphrase protection of a portable file, for email and USB sticks.

A protected file is a small JSON envelope around the whole portable file (signed as
usual)::

    {"format": "ppf-portable-encrypted", "version": 1,
     "kdf": {"name": "scrypt", "salt": ..., "n": 131072, "r": 8, "p": 1},
     "cipher": "AES-256-GCM", "nonce": ..., "ciphertext": ...}

The key is derived from the passphrase with scrypt (memory-hard, so guessing is slow)
and the content sealed with AES-256-GCM, an authenticated cipher: a wrong passphrase
and a changed or damaged file are both refused, and nothing is written. The envelope's
own fields are authenticated with the content (associated data), so none of them can be
changed either. Both come from the ``cryptography`` package.
"""

from __future__ import annotations

import json
import os
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from ppf_app.core.errors import UserError
from ppf_app.domain import canonical
from ppf_app.domain import portable_format as fmt

ENVELOPE_FORMAT: Final = "ppf-portable-encrypted"
ENVELOPE_VERSION: Final = 1
#: scrypt's cost: 2**17 (128 MiB of memory, a fraction of a second), as OWASP advises.
SCRYPT_N: Final = 2**17
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
#: The most a file may ask of this computer (a file asking more is refused, not obeyed).
MAX_SCRYPT_N: Final = 2**20
MAX_SCRYPT_MEMORY: Final = 256 * 1024 * 1024
MIN_PASSPHRASE: Final = 8
#: The envelope holds the file in base64 (4 bytes for 3), plus its fields.
MAX_ENVELOPE_BYTES: Final = fmt.MAX_BYTES * 4 // 3 + 64 * 1024


class _Kdf(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: Literal["scrypt"]
    salt: StrictStr = Field(min_length=16, max_length=128)
    n: StrictInt = Field(ge=2**14, le=MAX_SCRYPT_N)
    r: StrictInt = Field(ge=1, le=32)
    p: StrictInt = Field(ge=1, le=16)


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    format: Literal["ppf-portable-encrypted"]
    version: Literal[1]
    kdf: _Kdf
    cipher: Literal["AES-256-GCM"]
    nonce: StrictStr = Field(min_length=16, max_length=16)
    ciphertext: StrictStr = Field(min_length=1)


def is_encrypted(data: bytes) -> bool:
    """Whether ``data`` look like a passphrase-protected portable file."""
    head = data[:200].lstrip()
    return head.startswith(b"{") and f'"{ENVELOPE_FORMAT}"'.encode() in head


def check_passphrase(passphrase: str) -> str:
    """The passphrase, when long enough to protect a file.

    Raises:
        UserError: it is too short.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            f"passphrase: at least {MIN_PASSPHRASE} characters (a few words you can say "
            "to the other person are best); the file was not written"
        )
    return passphrase


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _header(envelope: dict[str, Any]) -> bytes:
    """The associated data: every field of the envelope but the ciphertext."""
    return canonical.canonical_json({k: v for k, v in envelope.items() if k != "ciphertext"})


def encrypt(data: bytes, passphrase: str) -> bytes:
    """``data`` sealed with a key derived from ``passphrase``, as an envelope's bytes."""
    check_passphrase(passphrase)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    envelope: dict[str, Any] = {
        "format": ENVELOPE_FORMAT,
        "version": ENVELOPE_VERSION,
        "kdf": {
            "name": "scrypt",
            "salt": canonical.b64(salt),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
        },
        "cipher": "AES-256-GCM",
        "nonce": canonical.b64(nonce),
    }
    key = _key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(nonce, data, _header(envelope))
    envelope["ciphertext"] = canonical.b64(sealed)
    return (json.dumps(envelope, indent=2) + "\n").encode("utf-8")


def decrypt(data: bytes, passphrase: str, source: str) -> bytes:
    """The portable file inside a protected file.

    Raises:
        UserError: the envelope is not valid, or the passphrase is wrong or the file was
            changed or damaged (the cipher cannot tell these apart, and says so).
    """
    try:
        raw = json.loads(data.decode("utf-8"))
        envelope = _Envelope.model_validate(raw)
    except (UnicodeDecodeError, ValueError, RecursionError, ValidationError):
        raise UserError(
            f"{source}: a passphrase-protected file that is damaged (its envelope cannot "
            "be read); nothing was imported"
        ) from None
    salt = canonical.from_b64(envelope.kdf.salt)
    nonce = canonical.from_b64(envelope.nonce)
    sealed = canonical.from_b64(envelope.ciphertext)
    if salt is None or nonce is None or sealed is None or len(nonce) != 12:
        raise UserError(
            f"{source}: a passphrase-protected file that is damaged; nothing was imported"
        )
    kdf = envelope.kdf
    if kdf.n & (kdf.n - 1):
        raise UserError(f"{source}: kdf.n: not a power of two; nothing was imported")
    if 128 * kdf.n * kdf.r > MAX_SCRYPT_MEMORY:
        raise UserError(
            f"{source}: kdf: asks for more memory than a protected file needs; nothing was imported"
        )
    key = _key(passphrase, salt, kdf.n, kdf.r, kdf.p)
    try:
        return AESGCM(key).decrypt(nonce, sealed, _header(raw))
    except InvalidTag:
        raise UserError(
            f"{source}: the passphrase is wrong, or the file was changed or damaged after "
            "it was protected; nothing was imported"
        ) from None
