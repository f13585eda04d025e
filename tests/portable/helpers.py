"""Portable files in tests: whose key signed one, and importing one with that key
trusted (for tests about what a file carries rather than about keys)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ppf_app.domain import canonical
from ppf_app.domain import portable_format as fmt
from ppf_app.services import portable
from ppf_app.services.library import Library


def signer_of(path: Path) -> str:
    """The fingerprint of the key that signed a (not protected) portable file."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return canonical.fingerprint(base64.b64decode(document["signature"]["public_key"]))


def trusted_import(lib: Library, path: Path, **options: Any) -> portable.ImportedFile:
    """Import ``path`` trusting whichever key signed it (as if its fingerprint had been
    compared and confirmed)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    trust = signer_of(path) if document.get("signature") else None
    return portable.import_portable(lib, path, trust=trust, **options)


def key_of(data_folder: Path) -> Ed25519PrivateKey:
    """The private key of a data folder (made by the library on first use)."""
    private = serialization.load_pem_private_key(
        (data_folder / "signing-key.pem").read_bytes(), password=None
    )
    assert isinstance(private, Ed25519PrivateKey)
    return private


def seal(document: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """``document`` with its checksum recomputed and signed again by ``key``: a file as a
    forger holding ``key`` would write it."""
    checksum = fmt.content_checksum(document)
    document["checksum"] = checksum
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    document["signature"] = {
        "public_key": base64.b64encode(raw).decode("ascii"),
        "signature": base64.b64encode(key.sign(canonical.file_statement(checksum))).decode("ascii"),
    }
    return document


def rewrite(source: Path, target: Path, change: Any, key: Ed25519PrivateKey | None = None) -> Path:
    """A copy of a portable file changed by ``change(document)``, with a true checksum,
    signed again by ``key`` (default: a key of nobody's)."""
    document = json.loads(source.read_text(encoding="utf-8"))
    change(document)
    seal(document, key or Ed25519PrivateKey.generate())
    target.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return target


def as_version(document: dict[str, Any], version: int) -> dict[str, Any]:
    """``document`` as a file of an earlier ``version`` would have it: what later
    versions added taken away (unsigned, with its checksum recomputed)."""
    document["version"] = version
    document.pop("signature", None)
    document.pop("appraisal_records", None)
    document["person"].pop("department", None)
    for assessment in document["assessments"]:
        assessment.pop("group_id", None)
        assessment.pop("prompt_answers", None)
        for rating in assessment["ratings"]:
            rating.pop("not_applicable", None)
    if version < 2:
        document.pop("appraisals", None)
        document.pop("checksum", None)
    else:
        document["checksum"] = fmt.content_checksum(document)
    return document
