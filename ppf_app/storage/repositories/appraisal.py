"""Reading and writing appraisals: the record from self assessment to sign-off.

A signed appraisal is refused by the database itself (see ``models.SIGNED_TRIGGERS``);
the functions here also check first, so callers get the refusal before any work is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from ppf_app.storage.models import Appraisal, SignedRecordError
from ppf_app.storage.repositories.clock import as_stored, now


def get(appraisal_id: int, *, session: Session) -> Appraisal | None:
    return session.get(Appraisal, appraisal_id)


def get_by_uid(uid: str, *, session: Session) -> Appraisal | None:
    return session.exec(select(Appraisal).where(Appraisal.uid == uid)).first()


def for_person(person_id: int, *, session: Session) -> Sequence[Appraisal]:
    """A person's appraisals, newest first (by date, then by creation)."""
    statement = (
        select(Appraisal)
        .where(Appraisal.person_id == person_id)
        .order_by(col(Appraisal.held_on).desc(), col(Appraisal.id).desc())
    )
    return session.exec(statement).all()


def reviewing(self_assessment_id: int, *, session: Session) -> Sequence[Appraisal]:
    """The appraisals of a self assessment, newest first."""
    statement = (
        select(Appraisal)
        .where(Appraisal.self_assessment_id == self_assessment_id)
        .order_by(col(Appraisal.created_at).desc(), col(Appraisal.id).desc())
    )
    return session.exec(statement).all()


def holding(assessment_id: int, *, session: Session) -> Sequence[Appraisal]:
    """The appraisals an assessment belongs to (as self, appraiser's or agreed), newest
    first."""
    statement = (
        select(Appraisal)
        .where(
            or_(
                col(Appraisal.self_assessment_id) == assessment_id,
                col(Appraisal.appraiser_assessment_id) == assessment_id,
                col(Appraisal.agreed_assessment_id) == assessment_id,
            )
        )
        .order_by(col(Appraisal.created_at).desc(), col(Appraisal.id).desc())
    )
    return session.exec(statement).all()


def for_assessments(
    assessment_ids: Sequence[int], *, session: Session
) -> dict[int, list[Appraisal]]:
    """For each of the assessments, the appraisals it belongs to (newest first)."""
    if not assessment_ids:
        return {}
    wanted = set(assessment_ids)
    statement = (
        select(Appraisal)
        .where(
            or_(
                col(Appraisal.self_assessment_id).in_(wanted),
                col(Appraisal.appraiser_assessment_id).in_(wanted),
                col(Appraisal.agreed_assessment_id).in_(wanted),
            )
        )
        .order_by(col(Appraisal.created_at).desc(), col(Appraisal.id).desc())
    )
    found: dict[int, list[Appraisal]] = {}
    for row in session.exec(statement):
        for member in (
            row.self_assessment_id,
            row.appraiser_assessment_id,
            row.agreed_assessment_id,
        ):
            if member is not None and member in wanted:
                found.setdefault(member, []).append(row)
    return found


def is_frozen(assessment_id: int, *, session: Session) -> bool:
    """Whether the assessment belongs to a signed appraisal (and so cannot change)."""
    return any(row.signed_at is not None for row in holding(assessment_id, session=session))


def require_unfrozen(assessment_id: int, *, session: Session) -> None:
    """Raise :class:`SignedRecordError` when the assessment belongs to a signed appraisal."""
    if is_frozen(assessment_id, session=session):
        raise SignedRecordError(
            f"assessment {assessment_id} belongs to a signed appraisal: it and its plan are "
            "read-only; start a new version to make changes"
        )


def require_unsigned(appraisal: Appraisal) -> None:
    if appraisal.signed_at is not None:
        raise SignedRecordError(
            f"appraisal {appraisal.id} is signed: it is read-only; start a new version to "
            "make changes"
        )


def add(appraisal: Appraisal, *, session: Session) -> Appraisal:
    appraisal.created_at = as_stored(appraisal.created_at)
    appraisal.updated_at = as_stored(appraisal.updated_at)
    if appraisal.signed_at is not None:
        appraisal.signed_at = as_stored(appraisal.signed_at)
    session.add(appraisal)
    session.flush()
    return appraisal


def touch(appraisal: Appraisal, *, session: Session) -> None:
    """Stamp ``updated_at``: something in the appraisal changed."""
    require_unsigned(appraisal)
    appraisal.updated_at = now()
    session.add(appraisal)
    session.flush()


def sign(
    appraisal: Appraisal,
    *,
    appraisee: str,
    appraiser: str,
    at: datetime,
    profile: str,
    session: Session,
) -> Appraisal:
    """Record the sign-off; from now on the appraisal and all it holds are read-only."""
    require_unsigned(appraisal)
    appraisal.signed_profile = profile
    appraisal.signed_by_appraisee = appraisee
    appraisal.signed_by_appraiser = appraiser
    appraisal.signed_at = as_stored(at)
    appraisal.updated_at = as_stored(at)
    session.add(appraisal)
    session.flush()
    return appraisal


def delete(appraisal: Appraisal, *, session: Session) -> None:
    require_unsigned(appraisal)
    session.delete(appraisal)
    session.flush()
