"""The public keys a library trusts for files about a person (as SSH's known hosts)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from ppf_app.storage.models import KnownKey
from ppf_app.storage.repositories.clock import as_stored


def for_person(person_uid: str, *, session: Session) -> Sequence[KnownKey]:
    """The keys trusted for a person, oldest first."""
    statement = select(KnownKey).where(KnownKey.person_uid == person_uid).order_by(col(KnownKey.id))
    return session.exec(statement).all()


def every(*, session: Session) -> Sequence[KnownKey]:
    """Every key trusted, by person, oldest first."""
    statement = select(KnownKey).order_by(col(KnownKey.person_uid), col(KnownKey.id))
    return session.exec(statement).all()


def add(key: KnownKey, *, session: Session) -> KnownKey:
    key.trusted_at = as_stored(key.trusted_at)
    session.add(key)
    session.flush()
    return key
