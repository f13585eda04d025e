"""Reading and writing the ratings of an assessment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Boolean, Connection, Table, bindparam, text
from sqlmodel import Session, col, select
from sqlmodel import delete as delete_rows

from ppf_app.storage.models import Rating
from ppf_app.storage.repositories.clock import now


def list_for_assessment(assessment_id: int, *, session: Session) -> Sequence[Rating]:
    statement = select(Rating).where(Rating.assessment_id == assessment_id).order_by(col(Rating.id))
    return session.exec(statement).all()


def get(assessment_id: int, behaviour_id: str, *, session: Session) -> Rating | None:
    statement = select(Rating).where(
        Rating.assessment_id == assessment_id, Rating.behaviour_id == behaviour_id
    )
    return session.exec(statement).first()


def upsert(
    assessment_id: int, behaviour_id: str, *, level: int | None, evidence: str, session: Session
) -> Rating:
    """Create or replace one behaviour's rating in one assessment."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        rating = Rating(assessment_id=assessment_id, behaviour_id=behaviour_id)
    rating.level = level
    rating.evidence = evidence
    rating.updated_at = now()
    session.add(rating)
    session.flush()
    return rating


def delete(assessment_id: int, behaviour_id: str, *, session: Session) -> bool:
    """Remove one rating; False when there was none."""
    rating = get(assessment_id, behaviour_id, session=session)
    if rating is None:
        return False
    session.delete(rating)
    session.flush()
    return True


def delete_all(assessment_id: int, *, session: Session) -> None:
    session.flush()
    session.exec(delete_rows(Rating).where(col(Rating.assessment_id) == assessment_id))
    session.expire_all()


# -- autosave: plain statements, no ORM objects -----------------------------------------

_TABLE: Table = Rating.__table__  # type: ignore[attr-defined]

#: Built once: an autosave runs on every change a person makes, and building SQLAlchemy
#: statements costs more than running them. ``:keep_*`` keeps a stored value.
_WRITE = (
    text(
        "INSERT INTO rating (assessment_id, behaviour_id, level, evidence, updated_at) "
        "VALUES (:assessment_id, :behaviour_id, :level, :evidence, :updated_at) "
        "ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET "
        "level = CASE WHEN :keep_level THEN rating.level ELSE excluded.level END, "
        "evidence = CASE WHEN :keep_evidence THEN rating.evidence ELSE excluded.evidence END, "
        "updated_at = excluded.updated_at "
        "RETURNING level, evidence, updated_at"
    )
    .bindparams(
        bindparam("updated_at", type_=_TABLE.c.updated_at.type),
        bindparam("keep_level", type_=Boolean()),
        bindparam("keep_evidence", type_=Boolean()),
    )
    .columns(_TABLE.c.level, _TABLE.c.evidence, _TABLE.c.updated_at)
)
_DELETE_ONE = text(
    "DELETE FROM rating WHERE assessment_id = :assessment_id AND behaviour_id = :behaviour_id"
)
_ANSWERED = text(
    "SELECT count(*) FROM rating WHERE assessment_id = :assessment_id AND level IS NOT NULL"
)
#: Databases whose SQL has ``INSERT ... ON CONFLICT ... RETURNING``.
_UPSERT_DIALECTS = frozenset({"sqlite", "postgresql"})


def write(
    assessment_id: int,
    behaviour_id: str,
    *,
    level: int | None,
    evidence: str,
    keep_level: bool = False,
    keep_evidence: bool = False,
    connection: Connection,
) -> tuple[int | None, str, datetime] | None:
    """Set one rating's level and evidence in one statement; its ``(level, evidence, updated_at)``.

    ``keep_level`` / ``keep_evidence`` keep the stored value (a new rating starts
    without a level and with no evidence). A rating left with neither a level nor
    evidence is removed, and None returned.
    """
    if not keep_level and not keep_evidence and level is None and not evidence.strip():
        delete_one(assessment_id, behaviour_id, connection=connection)
        return None
    if connection.dialect.name not in _UPSERT_DIALECTS:
        with Session(bind=connection) as session:
            return _write_orm(
                assessment_id, behaviour_id, level, evidence, keep_level, keep_evidence, session
            )
    row = connection.execute(
        _WRITE,
        {
            "assessment_id": assessment_id,
            "behaviour_id": behaviour_id,
            "level": None if keep_level else level,
            "evidence": "" if keep_evidence else evidence,
            "updated_at": now(),
            "keep_level": keep_level,
            "keep_evidence": keep_evidence,
        },
    ).one()
    stored_level: int | None = row[0]
    stored_evidence: str = row[1]
    updated_at: datetime = row[2]
    if stored_level is None and not stored_evidence.strip():
        delete_one(assessment_id, behaviour_id, connection=connection)
        return None
    return stored_level, stored_evidence, updated_at


def delete_one(assessment_id: int, behaviour_id: str, *, connection: Connection) -> None:
    """Remove one rating, if there is one (a plain statement)."""
    connection.execute(_DELETE_ONE, {"assessment_id": assessment_id, "behaviour_id": behaviour_id})


def answered_count(assessment_id: int, *, connection: Connection) -> int:
    """How many ratings of one assessment have a level."""
    result = connection.execute(_ANSWERED, {"assessment_id": assessment_id})
    return int(result.scalar_one())


def _write_orm(
    assessment_id: int,
    behaviour_id: str,
    level: int | None,
    evidence: str,
    keep_level: bool,
    keep_evidence: bool,
    session: Session,
) -> tuple[int | None, str, datetime] | None:
    current = get(assessment_id, behaviour_id, session=session)
    new_level = (current.level if current else None) if keep_level else level
    new_evidence = (current.evidence if current else "") if keep_evidence else evidence
    if new_level is None and not new_evidence.strip():
        delete(assessment_id, behaviour_id, session=session)
        return None
    rating = upsert(
        assessment_id, behaviour_id, level=new_level, evidence=new_evidence, session=session
    )
    session.flush()
    return rating.level, rating.evidence, rating.updated_at
