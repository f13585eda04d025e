"""Reading and writing people."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, Table
from sqlalchemy import select as select_columns
from sqlmodel import Session, select

from ppf_app.storage.models import Person
from ppf_app.storage.repositories.clock import as_stored, now


def get(person_id: int, *, session: Session) -> Person | None:
    return session.get(Person, person_id)


def get_by_uid(uid: str, *, session: Session) -> Person | None:
    return session.exec(select(Person).where(Person.uid == uid)).first()


def list_rows(*, session: Session) -> Sequence[Row[tuple[object, ...]]]:
    """Everyone as plain rows (no ORM objects: 5,000 people read in a few ms), by name.

    Each row has the columns of :class:`Person` as attributes, datetimes already parsed.
    """
    table: Table = Person.__table__  # type: ignore[attr-defined]
    statement = select_columns(*table.c).order_by(table.c.name.collate("NOCASE"), table.c.id)
    return session.connection().execute(statement).all()


def add(person: Person, *, session: Session) -> Person:
    person.created_at = as_stored(person.created_at)
    person.updated_at = as_stored(person.updated_at)
    session.add(person)
    session.flush()
    return person


def update(person: Person, changes: dict[str, object], *, session: Session) -> Person:
    """Apply ``changes`` (field name to new value) and stamp ``updated_at``."""
    for name, value in changes.items():
        setattr(person, name, value)
    person.updated_at = now()
    session.add(person)
    session.flush()
    return person
