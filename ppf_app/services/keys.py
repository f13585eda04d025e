"""This library's signing key, and the keys it has come to trust for each person.

**One key per data folder.** A library (a data folder on one computer, one user
account) has one Ed25519 key pair, made the first time it signs something; the private
key stays in the data folder (``signing-key.pem``, owner-only) and never leaves it. A key
stands for the library, not for a person in it: an appraiser's library holds the
records of many appraisees and signs the files it sends about each; keys of its own for
each of them would sit in the same folder behind the same account, so they would prove
nothing more while multiplying the fingerprints to compare. Replacing a computer means
one new key, confirmed once by each person the library exchanges files with.

In server mode there is no data folder: the key lives in the per-user data folder of
the computer's account (``--data-dir`` or ``PPF_DATA_DIR`` when given), so each desk and
login signs with a key of its own.

**Trust is per person**, as SSH's known hosts are per host: the first file about a
person signed by a key this library does not know asks to confirm that key's
fingerprint, after which it is known for that person (``known_key``); a file signed by a
different key for someone with known keys is refused until the new key is confirmed. A
file signed by this library's own key (an export of its own, brought back) is trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlmodel import Session

from ppf_app.core.errors import UserError
from ppf_app.core.paths import data_paths
from ppf_app.domain import canonical
from ppf_app.services.unit import unit
from ppf_app.storage import key_file
from ppf_app.storage.models import KnownKey
from ppf_app.storage.repositories import known_keys as known_keys_repo
from ppf_app.storage.repositories import people as people_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key (its 32 raw bytes)."""

    raw: bytes

    @property
    def text(self) -> str:
        """Base64, as files and the database keep it."""
        return canonical.b64(self.raw)

    @property
    def fingerprint(self) -> str:
        return canonical.fingerprint(self.raw)

    @classmethod
    def from_text(cls, text: str) -> PublicKey | None:
        raw = canonical.from_b64(text)
        return cls(raw) if raw is not None and len(raw) == 32 else None


@dataclass(frozen=True)
class LibraryKey:
    """This library's key pair."""

    private: Ed25519PrivateKey
    public: PublicKey

    def sign(self, message: bytes) -> str:
        """The signature of ``message``, in base64."""
        return canonical.b64(self.private.sign(message))

    def sign_file(self, statement: bytes) -> tuple[str, str]:
        """``(public key, signature)`` of a portable file's statement, in base64."""
        return self.public.text, self.sign(statement)


def key_folder(lib: Library) -> Path:
    """Where the library's key lives: its data folder (in server mode, the per-user
    data folder of this computer's account)."""
    return lib.paths.root


def _new_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load(data: bytes, folder: Path) -> LibraryKey:
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        private = None
    if not isinstance(private, Ed25519PrivateKey):
        path = key_file.key_path(folder)
        raise UserError(
            [
                f"{path}: is not this product's signing key (damaged?).",
                "Move the file away: a new key is made, and the people you exchange files "
                "with are asked once to confirm its fingerprint.",
            ]
        )
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return LibraryKey(private=private, public=PublicKey(raw))


def library_key(lib: Library) -> LibraryKey:
    """This library's key pair, made (and stored) the first time it is needed."""
    return key_in(key_folder(lib))


def key_in(folder: Path) -> LibraryKey:
    """The key pair kept in ``folder``, made (and stored) the first time it is needed."""
    return _load(key_file.read_or_create_key(folder, _new_key), folder)


def data_folder_key(data_dir: str | None) -> LibraryKey:
    """The key of the data folder ``data_dir`` names (``--data-dir``, else
    ``PPF_DATA_DIR``, else the per-user folder), without opening its library: the same
    folder holds the key in server mode."""
    return key_in(data_paths(data_dir).root)


def existing_key(lib: Library) -> PublicKey | None:
    """This library's public key, or None when it has not made one yet (nothing is
    made: reading a file needs no key of one's own)."""
    folder = key_folder(lib)
    data = key_file.read_key(folder)
    return _load(data, folder).public if data is not None else None


def made_at(lib: Library) -> datetime | None:
    """When this library's key was made, or None when it has none yet."""
    return key_file.made_at(key_folder(lib))


def own_fingerprint(lib: Library) -> str:
    """The fingerprint of this library's key (the key is made if there is none yet)."""
    return library_key(lib).public.fingerprint


def verifies(public_key: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``public_key``'s (base64) signature of
    ``message``."""
    key = PublicKey.from_text(public_key)
    raw = canonical.from_b64(signature)
    if key is None or raw is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(key.raw).verify(raw, message)
    except InvalidSignature:
        return False
    return True


# -- keys trusted for a person ---------------------------------------------------------------


def known_for(person_uid: str, *, session: Session) -> Sequence[KnownKey]:
    return known_keys_repo.for_person(person_uid, session=session)


def trust(person_uid: str, key: PublicKey, *, session: Session) -> None:
    """Know ``key`` for files about the person from now on (kept once)."""
    known = {row.fingerprint for row in known_for(person_uid, session=session)}
    if key.fingerprint not in known:
        known_keys_repo.add(
            KnownKey(person_uid=person_uid, public_key=key.text, fingerprint=key.fingerprint),
            session=session,
        )


@dataclass(frozen=True)
class KnownKeyView:
    person_uid: str
    person_id: int | None
    person_name: str
    fingerprint: str
    trusted_on: str


def known_keys(lib: Library) -> list[KnownKeyView]:
    """Every key this library trusts, with whom it is trusted for."""
    with unit(lib) as work:
        session = work.session
        found = []
        for row in known_keys_repo.every(session=session):
            person = people_repo.get_by_uid(row.person_uid, session=session)
            found.append(
                KnownKeyView(
                    person_uid=row.person_uid,
                    person_id=person.id if person is not None else None,
                    person_name=person.name if person is not None else "",
                    fingerprint=row.fingerprint,
                    trusted_on=row.trusted_at.date().isoformat(),
                )
            )
        return found
