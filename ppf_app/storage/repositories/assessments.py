"""Reading and writing assessments."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, Table, bindparam, or_, text
from sqlmodel import Session, col, func, select
from sqlmodel import delete as delete_rows

from ppf_app.storage.models import Assessment, Rating
from ppf_app.storage.repositories.clock import as_stored, now

_TABLE: Table = Assessment.__table__  # type: ignore[attr-defined]
#: Built once (the autosave runs them on every change).
_TOUCH = (
    text(
        "UPDATE assessment SET updated_at = :updated_at WHERE id = :id RETURNING "
        + ", ".join(column.name for column in _TABLE.c)
    )
    .bindparams(bindparam("updated_at", type_=_TABLE.c.updated_at.type))
    .columns(*_TABLE.c)
)


def get(assessment_id: int, *, session: Session) -> Assessment | None:
    return session.get(Assessment, assessment_id)


def get_by_uid(uid: str, *, session: Session) -> Assessment | None:
    return session.exec(select(Assessment).where(Assessment.uid == uid)).first()


def list_for_person(
    person_id: int, *, session: Session, framework_id: str | None = None
) -> Sequence[Assessment]:
    """A person's assessments, newest first (by date, then by creation)."""
    statement = select(Assessment).where(Assessment.person_id == person_id)
    if framework_id is not None:
        statement = statement.where(Assessment.framework_id == framework_id)
    statement = statement.order_by(col(Assessment.assessed_on).desc(), col(Assessment.id).desc())
    return session.exec(statement).all()


def add(assessment: Assessment, *, session: Session) -> Assessment:
    assessment.created_at = as_stored(assessment.created_at)
    assessment.updated_at = as_stored(assessment.updated_at)
    if assessment.completed_at is not None:
        assessment.completed_at = as_stored(assessment.completed_at)
    session.add(assessment)
    session.flush()
    return assessment


def touch(assessment: Assessment, *, session: Session) -> None:
    """Stamp ``updated_at``: something in the assessment changed."""
    assessment.updated_at = now()
    session.add(assessment)


def touch_row(assessment_id: int, *, connection: Connection) -> Row[tuple[object, ...]] | None:
    """Stamp ``updated_at`` with a plain statement; the assessment's columns after it.

    None when there is no such assessment.
    """
    return connection.execute(_TOUCH, {"id": assessment_id, "updated_at": now()}).first()


def delete(assessment: Assessment, *, session: Session) -> None:
    """Delete an assessment and its ratings."""
    session.flush()
    session.exec(delete_rows(Rating).where(col(Rating.assessment_id) == assessment.id))
    session.delete(assessment)
    session.flush()


def answered_counts(assessment_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """How many ratings with a level each assessment has."""
    if not assessment_ids:
        return {}
    statement = (
        select(Rating.assessment_id, func.count())
        .where(col(Rating.assessment_id).in_(assessment_ids))
        .where(or_(col(Rating.level).is_not(None), col(Rating.not_applicable)))
        .group_by(col(Rating.assessment_id))
    )
    counts = {assessment_id: 0 for assessment_id in assessment_ids}
    for assessment_id, count in session.exec(statement):
        counts[assessment_id] = int(count)
    return counts
